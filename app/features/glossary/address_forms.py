"""The formality table: how each character addresses another (formal, informal, intimate,
honorific), with a note such as the words used. Translator packets print it per language.

One row per (speaker, addressee) pair; setting a pair again changes it; all edits are undoable.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from app.core.errors import CommandError
from app.core.i18n import _
from app.project.changes import ChangeRecorder
from app.project.commands import Command, Delete
from app.store import schema

logger = logging.getLogger(__name__)

#: The forms of address, mildest distance last: formal, informal, intimate, honorific.
FORMS: tuple[str, ...] = schema.ADDRESS_FORMS


def form_label(form: str) -> str:
    """The interface name of ``form`` (translated)."""
    return {
        "formal": _("formal"),
        "informal": _("informal"),
        "intimate": _("intimate"),
        "honorific": _("honorific"),
    }.get(form, form)


@dataclass(frozen=True)
class AddressFormRecord:
    """How ``speaker_id`` addresses ``addressee_id``."""

    id: str
    speaker_id: str
    addressee_id: str
    form: str
    note: str


def address_forms(project: Any) -> list[AddressFormRecord]:
    """Every pair, in the order they were added."""
    with project.file.session() as s:
        rows = s.scalars(select(schema.AddressForm).order_by(schema.AddressForm.created_at))
        return [AddressFormRecord(r.id, r.speaker_id, r.addressee_id, r.form, r.note) for r in rows]


@dataclass
class SetAddressForm(Command):
    """Set how ``speaker_id`` addresses ``addressee_id`` (adds the pair or changes it)."""

    speaker_id: str
    addressee_id: str
    form: str
    note: str = ""

    def __post_init__(self) -> None:
        self.label = _("Set form of address")
        if self.form not in FORMS:
            raise CommandError(
                _("{form!r} is not a form of address: use one of {forms}.").format(
                    form=self.form, forms=", ".join(FORMS)
                )
            )
        if self.speaker_id == self.addressee_id:
            raise CommandError(_("Choose two different characters: a speaker and an addressee."))

    def apply(self, rec: ChangeRecorder) -> None:
        for character_id in (self.speaker_id, self.addressee_id):
            if rec.session.get(schema.Character, character_id) is None:
                raise CommandError(
                    _("The character {id} no longer exists.").format(id=character_id)
                )
        row = rec.session.scalars(
            select(schema.AddressForm).where(
                schema.AddressForm.speaker_id == self.speaker_id,
                schema.AddressForm.addressee_id == self.addressee_id,
            )
        ).first()
        if row is None:
            rec.insert(
                schema.AddressForm(
                    speaker_id=self.speaker_id,
                    addressee_id=self.addressee_id,
                    form=self.form,
                    note=self.note,
                )
            )
        else:
            rec.update(row, form=self.form, note=self.note)


def set_address_form(
    project: Any, speaker_id: str, addressee_id: str, form: str, note: str = ""
) -> None:
    """Set one pair of the formality table (undoable)."""
    project.run(SetAddressForm(speaker_id, addressee_id, form, note))


def remove_address_form(project: Any, row_id: str) -> None:
    """Remove one pair (undoable)."""
    project.run(Delete("address_form", row_id))
