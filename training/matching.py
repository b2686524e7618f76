"""How two spellings of one person's name are recognised as the same name (duplicate detection in the register)."""

import re
import unicodedata

NOT_A_LETTER = re.compile(r"[^\w]+")


def name_key(full_name: str) -> str:
    """The name's words without accents, case or punctuation, sorted: « EL AMRANI Fatima-Zahra » and « Fatima Zahra
    El Amrani » give the same key. Arabic letters are kept as they are (their diacritics dropped)."""
    decomposed = unicodedata.normalize("NFKD", full_name or "")
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    words = [w for w in NOT_A_LETTER.split(bare.replace("_", " ")) if w]
    return " ".join(sorted(words))[:200]
