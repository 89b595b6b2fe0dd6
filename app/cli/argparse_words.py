"""The words argparse itself prints ("usage:", "error:", "show this help message and exit"),
marked here so ``make i18n`` puts them in Kiln's catalogs; ``app.cli`` hands argparse Kiln's
``_`` and ``ngettext``, so a Persian user's ``kiln --help`` is Persian throughout.

Only the messages a user can meet are listed (the rest are programming errors). They are
argparse's own strings of Python 3.11, character for character: a msgid that differs would
simply not be found, and the English would show.
"""

from __future__ import annotations

from app.core.i18n import N_, ngettext

ARGPARSE_WORDS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("the following arguments are required: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("unrecognized arguments: %s"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("expected one argument"),
    N_("expected at least one argument"),
    N_("expected at most one argument"),
    N_("invalid %(type)s value: %(value)r"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("can't open '%(filename)s': %(error)s"),
    N_("not allowed with argument %s"),
    N_("one of the arguments %s is required"),
)


def _plural_words() -> None:
    """Marks the one plural message argparse prints (never called)."""
    ngettext("expected %s argument", "expected %s arguments", 2)
