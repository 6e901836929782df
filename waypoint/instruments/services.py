"""Writes for instruments: recording and rescoring a response, importing an agency's wording, uploading a definition.

Each write is one transaction with its audit event. Audit details name ids, keys and versions only:
never an answer, a score or an item's text.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from waypoint import audit
from waypoint.accounts.models import Agency, User
from waypoint.accounts.roles import Role
from waypoint.accounts.selectors import membership_in
from waypoint.casework.models import LifeDomain
from waypoint.casework.services.common import require_clinical_member, require_open_record
from waypoint.instruments import scoring, selectors
from waypoint.instruments.loader import Definition, DefinitionError, field_line, load_definition, shipped_definitions
from waypoint.instruments.models import InstrumentDefinition, InstrumentWording, Response
from waypoint.people.models import Person, agency_today

# An instrument file or a wording file is a few kilobytes; anything much larger is a mistake.
MAX_FILE_CHARACTERS = 200_000
MAX_ITEM_TEXT = 1000
WORDING_HEADERS = frozenset({"number", "numéro", "numero", "no", "n°"})


def sync_shipped_definitions(*, using: str = "default") -> int:
    """Give every shipped definition file its row (idempotent; a row, once written, is never changed)."""
    if InstrumentDefinition._meta.db_table not in connections[using].introspection.table_names():
        return 0  # migrated backwards past this app
    made = 0
    for definition in shipped_definitions().values():
        _row, created = InstrumentDefinition.objects.using(using).get_or_create(
            agency=None, key=definition.key, version=definition.version, defaults={"body": dict(definition.body)}
        )
        made += created
    return made


# --- responses -----------------------------------------------------------------------------------------


def scores_json(definition: Definition, answers: Mapping[int, int | None]) -> dict[str, Any]:
    """The scores as stored on a response (the demo and the city generator store theirs the same way)."""
    # Numbers only: the reason a score is missing is said in the reader's language when it is shown.
    result = scoring.score(definition, answers).as_json()
    result.pop("reason")
    return result


def _check_answers(definition: Definition, answers: Mapping[int, Any]) -> dict[int, int | None]:
    low, high = definition.scale.min, definition.scale.max
    numbers = {item.number for item in definition.items}
    problems: list[str] = []
    clean: dict[int, int | None] = {}
    for number, answer in answers.items():
        if number not in numbers:
            problems.append(_("There is no question %(number)s in this questionnaire.") % {"number": number})
        elif answer is not None and (
            isinstance(answer, bool) or not isinstance(answer, int) or not low <= answer <= high
        ):
            problems.append(
                _("Question %(number)s: choose one of the answers offered (%(low)s to %(high)s), or skip it.")
                % {"number": number, "low": low, "high": high}
            )
        else:
            clean[number] = answer
    for item in definition.items:
        if not item.may_skip and clean.get(item.number) is None:
            problems.append(_("Question %(number)s needs an answer: it cannot be skipped.") % {"number": item.number})
    if problems:
        raise ValidationError(problems)
    if all(answer is None for answer in clean.values()):
        raise ValidationError(_("Nothing was answered. Answer at least one question, or leave without saving."))
    return {item.number: clean.get(item.number) for item in definition.items}


def _check_domain(definition: Definition, person: Person, domain: LifeDomain | None) -> None:
    if not definition.per_domain:
        if domain is not None:
            raise ValidationError(_("This questionnaire is not about one part of life: leave the part of life out."))
        return
    if domain is None:
        raise ValidationError(_("Choose the part of life this questionnaire is about."))
    if domain.agency_id != person.agency_id or not domain.is_active:
        raise ValidationError(_("Choose a part of life from this agency's list."))


def record_response(
    *,
    actor: User,
    person: Person,
    definition: InstrumentDefinition,
    answers: Mapping[int, int | None],
    taken_on: datetime.date,
    domain: LifeDomain | None = None,
) -> Response:
    """Save a questionnaire filled in with the person, scored with this exact definition version."""
    require_open_record(person)
    require_clinical_member(actor, person.agency_id)
    if definition.agency_id not in (None, person.agency_id):
        raise ValidationError(_("This questionnaire is not one of this agency's."))
    member_of = membership_in(actor, person.agency_id)
    if member_of is None or member_of.role not in definition.definition.roles:
        raise ValidationError(_("Your role is not one of the roles this questionnaire is meant for."))
    usable = definition.definition
    if usable.needs_wording:
        offer = selectors.offer(person.agency_id, definition.key)
        if offer is None or offer.needs_wording or offer.row.pk != definition.pk:
            raise ValidationError(
                _("This questionnaire needs its wording: an agency administrator imports it before it can be used.")
            )
    clean = _check_answers(usable, answers)
    _check_domain(usable, person, domain)
    if taken_on > agency_today(person.agency):
        raise ValidationError(_("The date it was filled in cannot be in the future."))
    with transaction.atomic():
        # Through the person, like every write about them (never the model's own manager).
        response = person.responses.create(
            agency_id=person.agency_id,
            definition=definition,
            domain=domain,
            answers={str(number): answer for number, answer in clean.items()},
            scores=scores_json(usable, clean),
            taken_on=taken_on,
            author=actor,
        )
        audit.record(
            action="instrument_response.recorded",
            actor=actor,
            agency=person.agency_id,
            target=response,
            detail={
                "person": str(person.pk),
                "key": definition.key,
                "version": definition.version,
                "domain": str(domain.pk) if domain else None,
            },
        )
    return response


def rescore(response: Response, *, actor: User | None = None) -> Response:
    """Score the answers again with the response's own definition version (never a newer one)."""
    with transaction.atomic():
        response.scores = scores_json(response.definition.definition, response.answer_map())
        response.save(update_fields=["scores", "updated_at"])
        audit.record(
            action="instrument_response.rescored",
            actor=actor,
            agency=response.agency_id,
            target=response,
            detail={"key": response.definition.key, "version": response.definition.version},
        )
    return response


# --- agency administration: wording and definitions ----------------------------------------------------


def _require_agency_admin(actor: User, agency: Agency) -> None:
    member_of = membership_in(actor, agency.pk)
    if member_of is None or member_of.role != Role.AGENCY_ADMIN or not actor.is_active:
        raise ValidationError(_("Only an administrator of this agency can change its questionnaires."))


def _plain(text: str) -> str:
    if len(text) > MAX_FILE_CHARACTERS:
        raise ValidationError(_("The file is too long: at most %(n)s characters.") % {"n": MAX_FILE_CHARACTERS})
    return text.removeprefix("\ufeff")


def parse_wording(definition: Definition, text: str) -> dict[int, dict[str, str]]:
    """Read "number<TAB>English<TAB>French" lines; raise ValidationError naming each bad line, all at once.

    Blank lines and lines starting with # are ignored, as is a first line of column names
    (its first column "number"). Every item of the definition must be there, once.
    """
    numbers = {item.number for item in definition.items}
    found: dict[int, dict[str, str]] = {}
    problems: list[str] = []
    first = True
    for line_number, line in enumerate(_plain(text).splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [cell.strip() for cell in line.split("\t")]
        if first and cells[0].casefold() in WORDING_HEADERS:
            first = False
            continue
        first = False
        where = {"line": line_number}
        if len(cells) != 3:
            problems.append(
                _("Line %(line)s: expected 3 columns separated by tabs (number, English, French), found %(n)s.")
                % {**where, "n": len(cells)}
            )
            continue
        number_text, english, french = cells
        try:
            number = int(number_text)
        except ValueError:
            problems.append(
                _("Line %(line)s: the first column must be the item's number, not “%(text)s”.")
                % {**where, "text": number_text[:20]}
            )
            continue
        if number not in numbers:
            problems.append(
                _("Line %(line)s: this questionnaire has no item %(number)s (its items are 1 to %(last)s).")
                % {**where, "number": number, "last": max(numbers)}
            )
            continue
        if number in found:
            problems.append(_("Line %(line)s: item %(number)s appears a second time.") % {**where, "number": number})
            continue
        if not english or not french:
            problems.append(
                _("Line %(line)s: item %(number)s needs its wording in both English and French.")
                % {**where, "number": number}
            )
            continue
        if len(english) > MAX_ITEM_TEXT or len(french) > MAX_ITEM_TEXT:
            problems.append(
                _("Line %(line)s: item %(number)s is longer than %(most)s characters.")
                % {**where, "number": number, "most": MAX_ITEM_TEXT}
            )
            continue
        found[number] = {"en": english, "fr": french}
    missing = sorted(numbers - found.keys())
    if missing:
        problems.append(
            _("Every item needs its wording; missing: %(numbers)s.") % {"numbers": ", ".join(map(str, missing))}
        )
    if problems:
        raise ValidationError(problems)
    return found


def import_wording(*, actor: User, agency: Agency, definition_key: str, file_text: str) -> InstrumentWording:
    """The agency's wording of a scoring-key-only instrument, from its own licensed copy; nothing saved on error."""
    _require_agency_admin(actor, agency)
    offer = selectors.offer(agency.pk, definition_key)
    if offer is None:
        raise ValidationError(_("There is no questionnaire with that key."))
    if not offer.row.definition.needs_wording:
        raise ValidationError(_("This questionnaire comes with its wording: there is nothing to import."))
    items = parse_wording(offer.row.definition, file_text)
    with transaction.atomic():
        wording = InstrumentWording.objects.create(
            agency=agency,
            definition=offer.row,
            items={str(n): words for n, words in sorted(items.items())},
            imported_by=actor,
        )
        audit.record(
            action="instrument.wording_imported",
            actor=actor,
            agency=agency,
            target=wording,
            detail={"key": offer.row.key, "version": offer.row.version},
        )
    return wording


def upload_definition(*, actor: User, agency: Agency, file_text: str) -> InstrumentDefinition:
    """An agency's own definition (YAML or JSON). A key it used before gets the next version; nothing saved on error.

    Raises ValidationError whose messages each name the line and the field.
    """
    _require_agency_admin(actor, agency)
    text = _plain(file_text)
    try:
        definition = load_definition(text, known_roles=Role.values)
    except DefinitionError as error:
        raise ValidationError(
            [
                _("line %(line)s, %(field)s: %(message)s") % {"line": p.line, "field": p.path, "message": p.message}
                if p.path
                else _("line %(line)s: %(message)s") % {"line": p.line, "message": p.message}
                for p in error.problems
            ]
        ) from None
    key = definition.key
    if InstrumentDefinition.objects.filter(agency__isnull=True, key=key).exists():
        raise ValidationError(
            _(
                "line %(line)s, key: “%(key)s” is a questionnaire Waypoint ships and cannot be replaced; choose another key."
            )
            % {"line": field_line(text, "key"), "key": key}
        )
    with transaction.atomic():
        own = InstrumentDefinition.objects.select_for_update().filter(agency=agency, key=key)
        latest = own.order_by("-version").first()
        version = (own.aggregate(last=Max("version"))["last"] or 0) + 1
        body = {**definition.body, "version": version}
        if latest is not None and {**latest.body, "version": version} == body:
            raise ValidationError(
                _("This file is the same as version %(version)s: nothing new to save.") % {"version": latest.version}
            )
        try:
            with transaction.atomic():
                row = InstrumentDefinition.objects.create(
                    agency=agency, key=key, version=version, body=body, created_by=actor
                )
        except IntegrityError:
            # Another administrator saved this key's next version at the same moment (a new key has no row to lock).
            raise ValidationError(
                _("Someone saved a version of “%(key)s” at the same moment: open the list and try again.")
                % {"key": key}
            ) from None
        audit.record(
            action="instrument.definition_uploaded",
            actor=actor,
            agency=agency,
            target=row,
            detail={"key": key, "version": version},
        )
    return row
