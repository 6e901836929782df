"""Housing pages: the programs, each program's bed board and waitlist, a person's housing, the program review."""

from waypoint.housing.views import board, inventory, person, programs, review

urlpatterns = programs.urlpatterns + board.urlpatterns + person.urlpatterns + review.urlpatterns + inventory.urlpatterns
