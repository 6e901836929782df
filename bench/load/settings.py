"""Settings for `make load` and `make faults`: Waypoint's own, with three differences, each for the test rig.

* DEBUG is off, as in production (no query log kept per connection, the real 500 page);
  the environment stays "development" because production needs HTTPS (secure cookies)
  and a mail server, which a loopback load test has neither of.
* The per-address sign-in limits are raised: the 50 simulated staff all sign in from
  127.0.0.1 within seconds, where 50 real people would come from 50 addresses. Both
  matter: allauth counts every attempt against "login_failed" (10 a minute per address)
  *before* checking the password and gives it back only after a success, so more than
  ten sign-ins in flight at once from one address get 429 (measured: 3 of 50 with two
  workers). The per-account failure limit (5 in 15 minutes) is left as it is.
* ``bench.load.timing.ServerTimingMiddleware`` comes first: it tells the load test, in
  two response headers, how long Django spent on the request and how long of that it
  waited for the audit chain's lock (``pg_advisory_xact_lock``).
"""

from waypoint.settings import *  # noqa: F403
from waypoint.settings import ACCOUNT_RATE_LIMITS, MIDDLEWARE

DEBUG = False
ACCOUNT_RATE_LIMITS = {**ACCOUNT_RATE_LIMITS, "login": None, "login_failed": "5/900s/key"}
MIDDLEWARE = ["bench.load.timing.ServerTimingMiddleware", *MIDDLEWARE]
