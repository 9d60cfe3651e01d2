"""What the words right around a name say about the person, for the mention ``Registry``.

A reporter introduces the people they quote: "Jan Kowalski, the finance minister, …" (a role a later
"the minister said" answers to), "Henry Crespo, president of …" (an introduction), "Tim Kaine, Hillary
Clinton's running mate, said" (a speaker past the appositive), "her husband, Omar" (a kin noun that
says the gender). These readers look only at the tokens next to one name run; ``entities`` decides
what to do with what they find.
"""

from __future__ import annotations

from workbench.detect.context import is_title
from workbench.detect.lexicon import DETERMINERS, FINITE_CUES, PERSON_ROLES, word_set
from workbench.detect.names import role_of
from workbench.detect.textindex import Token

# Kin nouns and the gender they give the person they name (``referents`` reads them as roles too).
KIN_GENDER = {
    **dict.fromkeys(word_set("husband son father brother grandfather grandson uncle nephew widower boyfriend"), "m"),
    **dict.fromkeys(word_set("wife daughter mother sister grandmother granddaughter aunt niece widow girlfriend"), "f"),
}


def _kin_gender(word: str) -> str:
    return KIN_GENDER.get(word, "")


def kin_gender_before(toks: list[Token], first: int) -> str:
    """The gender a kin noun gives the name right after it: "her husband, Omar", "his wife Heidi"."""
    k = first - 1
    if k >= 0 and toks[k].text == ",":
        k -= 1
    return _kin_gender(toks[k].lower) if k >= 0 and toks[k].is_word else ""


def appositive_follows(toks: list[Token], last: int) -> bool:
    """Does an appositive follow a name ("Henry Crespo, president of …", "Minyon Moore, a senior
    adviser", "Donna Rawlings, 59,")? Reporters introduce the people they are about to quote so."""
    if last + 1 >= len(toks) or toks[last].text != ",":
        return False
    nxt = toks[last + 1]
    if not nxt.is_word:
        return False
    if nxt.lower in ("a", "an", "the") or nxt.text.isdigit():
        return True
    # "Tim Kaine, Hillary Clinton's running mate, said": someone's possessive opens it too.
    if nxt.cap and any(t.cap and t.text.endswith(("'s", "’s")) for t in toks[last + 1 : last + 4]):
        return True
    return (not nxt.cap and bool(role_of(nxt.text))) or is_title(nxt.text)


def speaks_after_appositive(toks: list[Token], last: int) -> bool:
    """Is the name at ``last`` the subject of a speech verb after its appositive ("Tim Kaine, Hillary
    Clinton's running mate, said …")? The appositive closes with a comma within a dozen words, in the
    same sentence and outside quotations."""
    if not appositive_follows(toks, last):
        return False
    for k in range(last + 1, min(last + 14, len(toks) - 1)):
        t = toks[k]
        if t.in_quote or t.text in (".", "!", "?", ";", ":"):
            return False
        if t.text == ",":
            verb = toks[k + 1]
            return verb.lower in FINITE_CUES and not verb.cap
    return False


# Words that end the noun phrase of an appositive: "the president of the union", "a teacher at …".
_APPOSITIVE_ENDS = word_set("of for at in on with from to who whose which that and or since")
_POSSESSIVE_ENDS = ("'s", "’s", "s'", "s’")
_FORMER = word_set("former ex ex- onetime one-time erstwhile then-")


def _opens_phrase(t: Token) -> bool:
    """A determiner or an owner's name ("the", "her", "Clinton's") opening a noun phrase."""
    return t.lower in DETERMINERS or (t.cap and t.lower.endswith(_POSSESSIVE_ENDS))


def _role_words(words: list[Token]) -> set[str]:
    """The role nouns of an appositive noun phrase ("the finance minister" -> {"minister"}, "the
    company's chief executive" -> {"chief", "executive"}): its head and the role words just before it,
    when the phrase opens with a determiner or a possessive and its head is a person's role."""
    # The phrase opens with a determiner or an owner ("Mr. Obama's deputy national security adviser").
    opener = next((k for k, t in enumerate(words[:4]) if _opens_phrase(t)), -1)
    if opener < 0 or opener == len(words) - 1 or not all(t.cap for t in words[:opener]):
        return set()
    if any(t.lower in _FORMER for t in words):
        return set()  # "the former governor" does not answer to "the governor"
    roles: set[str] = set()
    for t in reversed(words[opener + 1 :]):
        r = role_of(t.text)
        if t.cap or not r or r not in PERSON_ROLES:
            break
        roles.add(t.lower)
    return roles


def appositive_roles(toks: list[Token], first: int, last: int) -> set[str]:
    """Roles an appositive gives the person named by ``toks[first:last]``: "Jan Kowalski, the finance
    minister, …" or "The announcer, Bob Walters, …". A later "the minister said" is then that person,
    not whoever was named last. The phrase must be closed (a comma, the sentence's end or a preposition
    after it), so "With Kowalski, the minister said" gives nothing."""
    roles: set[str] = set()
    if last + 1 < len(toks) and toks[last].text == ",":
        words: list[Token] = []
        k = last + 1
        while k < len(toks) and len(words) < 7:
            t = toks[k]
            if not t.is_word or t.in_quote or t.lower in _APPOSITIVE_ENDS:
                break
            words.append(t)
            k += 1
        closed = k < len(toks) and (toks[k].text in (",", ".", ";", ")") or toks[k].lower in _APPOSITIVE_ENDS)
        if closed:
            roles |= _role_words(words)
    if first >= 2 and toks[first - 1].text == ",":
        closed = last >= len(toks) or toks[last].text in (",", ".", ";", ")")
        words = []
        k = first - 2
        while k >= 0 and len(words) < 6:
            t = toks[k]
            if not t.is_word or t.in_quote:
                break
            words.insert(0, t)
            if _opens_phrase(t):
                break
            k -= 1
        if closed:
            roles |= _role_words(words)
    return roles
