"""The `people` publishing option: how a person appears on a site published wider than the team.

`names` shows people as the data names them. `initials` shows "M. A." for Maria Anders;
`none` shows a contact's role ("Project lead"), else a neutral word. With either, no
personal name and no e-mail address reaches a built file.

The rule is applied to the DATA, once, before anything renders: `published` returns a copy of
the loaded playbook and of its git history in which every person is already in the published
form, and the Renderer (output/pages.py) makes that copy in its constructor. Everything the
site, `playbook render` and the handouts (HTML and PDF) produce, progress.json and the macros'
data included, comes from the Renderer's playbook and history, so a template added later never
sees a name to leak: there is nothing to forget. Redacting the finished HTML instead would have
to recognise names inside markup, URLs, JSON and PDFs alike; redacting in each template would
be one more thing every new template must remember.

People reach the data as: contacts (name, e-mail), progress `by:` and `owner:` values (a slug
such as `thomas-hardy`, a written name, a role's slug or an address), decisions' `by`, the
plan's decision and rollback owners, and git authors of history. Free text written by the team
(notes, evidence, reasons, answers, measurement notes) is scrubbed of the names, first names,
last names and slugs of known people (contacts and git authors) and of every e-mail address.
Phase content (the shared or tailored phase files) is published as written.

The published forms are plain text like any other data: the output gate still escapes them
(the initials of `<script>` are letters only, but nothing relies on that).
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable, Mapping

from mkdocs_playbook import model as m
from mkdocs_playbook.output.historyview import PhaseHistory
from mkdocs_playbook.source.diagnostics import Diagnostic

PEOPLE = ("names", "initials", "none")
"""The `people` option's values; the first is the default."""

NEUTRAL = "a team member"
"""How `none` shows a person whose role is unknown (a git author who is no contact, a written name)."""

HIDDEN_ADDRESS = "(address hidden)"
"""What an e-mail address of nobody known becomes in free text with `initials` or `none`."""

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_WORD_BREAK = re.compile(r"[\s._@+-]+")


def person_key(text: str) -> str:
    """`Frédérique Citeaux` -> `frederique-citeaux`: accents folded (NFKD, marks dropped), as people
    type a name's slug on a keyboard without them. The key a slug, a written name and a git author share."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def initials(name: str) -> str:
    """`Maria Anders` -> `M. A.`; `thomas-hardy` -> `T. H.`; the first letter of each word, capitalised.
    Words without a letter are dropped; a name with no letter at all gives the neutral word."""
    letters = [next((c for c in word if c.isalpha()), "") for word in _WORD_BREAK.split(name)]
    shown = " ".join(f"{letter.upper()}." for letter in letters if letter)
    return shown or NEUTRAL


class People:
    """The people of one organization (its contacts, and git authors) and how `mode` shows each."""

    def __init__(self, mode: str, contacts: Iterable[m.Contact], authors: Iterable[str] = ()) -> None:
        if mode not in PEOPLE:
            raise ValueError(f"people: {mode!r}; expected one of {', '.join(PEOPLE)}")
        self.mode = mode
        self.contacts = tuple(contacts)
        self._by_key: dict[str, m.Contact] = {}
        for contact in self.contacts:
            for key in (person_key(contact.name), person_key(contact.email), person_key(contact.email.split("@")[0])):
                if key:
                    self._by_key.setdefault(key, contact)
        for contact in self.contacts:  # a role's slug (`business-lead`) names the contact with that role
            if key := person_key(contact.role):
                self._by_key.setdefault(key, contact)
        self._scrub = self._pattern([c.name for c in self.contacts] + list(authors))

    @property
    def hides(self) -> bool:
        return self.mode != "names"

    def contact(self, who: str) -> m.Contact | None:
        """The contact a `by`/`owner` value, git author or address means, if any."""
        return self._by_key.get(person_key(who))

    def person(self, who: str) -> str:
        """How a person (a name, slug, role slug or address) is published."""
        if not self.hides or not who:
            return who
        contact = self.contact(who)
        if self.mode == "initials":
            return initials(contact.name if contact else who.split("@")[0])
        return contact.role if contact and contact.role.strip() else NEUTRAL

    def text(self, text: str) -> str:
        """Free text with every known person's name (whole, first, last or slug) and every address replaced."""
        if not self.hides or not text:
            return text
        text = _EMAIL.sub(lambda found: self.person(found[0]) if self.contact(found[0]) else HIDDEN_ADDRESS, text)
        if self._scrub is None:
            return text
        return self._scrub.sub(lambda found: self._part(found.group()), text)

    def _part(self, found: str) -> str:
        whole = self.contact(found)
        if whole is not None or self.mode == "none":
            return self.person(found)
        return initials(found)  # a first or last name alone: its initial

    def _pattern(self, names: Iterable[str]) -> re.Pattern[str] | None:
        """Whole names, slugs, then single words of them (longest first), each as a whole word."""
        wholes: set[str] = set()
        words: set[str] = set()
        for name in names:
            if not name.strip():
                continue
            wholes.update({" ".join(name.split()), person_key(name)})
            words.update(w for w in re.split(r"[\s-]+", name) if len(w) >= 2 and any(c.isalpha() for c in w))
        if not wholes:
            return None
        # whole names and slugs in any case; a single word only as written ("Test", not "a test run")
        whole = "|".join(re.escape(p) for p in sorted(wholes, key=len, reverse=True))
        word = "|".join(re.escape(p) for p in sorted(words, key=len, reverse=True))
        return re.compile(rf"(?<!\w)(?:(?i:{whole})|{word})(?!\w)" if word else rf"(?<!\w)(?i:{whole})(?!\w)")


def published(
    playbook: m.Playbook, history: Mapping[str, PhaseHistory], mode: str
) -> tuple[m.Playbook, dict[str, PhaseHistory]]:
    """The playbook and history as the site may show them under `mode` (unchanged with `names`)."""
    if mode == PEOPLE[0]:
        return playbook, dict(history)
    authors = {a.author for h in history.values() for a in h.attributions.values()}
    people = People(mode, playbook.organization.contacts, authors)
    return _playbook(playbook, people), {phase: _history(h, people) for phase, h in history.items()}


def published_problems(diagnostics: Iterable[Diagnostic], mode: str, contacts: Iterable[m.Contact]) -> list[Diagnostic]:
    """The data's problems as a page may quote them: a message quoting a value (an owner, a note)
    is free text like any other. Without a usable organization.yml only addresses can be found."""
    people = People(mode, contacts)
    return [dataclasses.replace(d, message=people.text(d.message)) for d in diagnostics]


def _playbook(playbook: m.Playbook, people: People) -> m.Playbook:
    org = playbook.organization
    contacts = tuple(
        m.Contact(name="" if people.mode == "none" else people.person(c.name), role=people.text(c.role))
        for c in org.contacts
    )
    text = people.text
    return dataclasses.replace(
        playbook,
        organization=dataclasses.replace(org, contacts=contacts),
        progress={
            phase: dataclasses.replace(p, states={key: _state(s, people) for key, s in p.states.items()})
            for phase, p in playbook.progress.items()
        },
        plans={
            phase: dataclasses.replace(
                plan,
                decision_owner=people.person(plan.decision_owner),
                rollback_owner=people.person(plan.rollback_owner),
            )
            for phase, plan in playbook.plans.items()
        },
        decisions={
            phase: tuple(dataclasses.replace(d, by=people.person(d.by), reason=text(d.reason)) for d in decisions)
            for phase, decisions in playbook.decisions.items()
        },
        measurements={
            phase: tuple(dataclasses.replace(x, note=text(x.note)) for x in measurements)
            for phase, measurements in playbook.measurements.items()
        },
    )


def _state(state: m.ItemState, people: People) -> m.ItemState:
    def person(value: str | None) -> str | None:
        return None if value is None else people.person(value)

    def text(value: str | None) -> str | None:
        return None if value is None else people.text(value)

    return dataclasses.replace(
        state,
        by=person(state.by),
        owner=person(state.owner),
        note=text(state.note),
        evidence=text(state.evidence),
        reason=text(state.reason),
        answer=text(state.answer),
    )


def _history(history: PhaseHistory, people: People) -> PhaseHistory:
    attributions = {
        item: dataclasses.replace(a, author=people.person(a.author)) for item, a in history.attributions.items()
    }
    return dataclasses.replace(history, attributions=attributions)
