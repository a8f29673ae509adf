"""The dictionary the indicator-name tagger (naming._Tagger) segments and tags with, stored compactly.

Its content is jieba's: the words of jieba's main dictionary and of the packaged indicator terms
(``indicator_terms.dict``, loaded as jieba loads a user dictionary), each with jieba's count and part-of-speech
tag. jieba holds them in Python dicts, about 170 MiB in every extract worker; here the words are a MARISA trie
(``name_words.marisa``, memory-mapped) and the counts and tags two arrays in ``name_words.bin``: about 7 MiB.

The two files are built from jieba by ``scripts/build_name_dictionary.py``: run it after changing
indicator_terms.dict or upgrading jieba (tests/extract/test_tagger.py checks the shipped files against a fresh
build, and the segmentation against jieba's own).

``name_words.bin``: one line of JSON (``total``: the sum of the counts, as jieba's ``Tokenizer.total``;
``tags``: the tag names; ``words``: how many), then one little-endian uint32 count and then one tag index byte per
word, both in the trie's key-id order.
"""

from __future__ import annotations

import array
import json
import logging
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import marisa_trie

PACKAGE = "services.extract.metrics"
WORDS_FILE, VALUES_FILE = "name_words.marisa", "name_words.bin"
USER_DICTIONARY = "indicator_terms.dict"
DEFAULT_TAG = "n"  # what jieba's tag table answers for a word it does not list


@dataclass(frozen=True)
class NameDictionary:
    words: marisa_trie.Trie
    counts: array.array  # per key id: the word's count (> 0)
    tags: bytes  # per key id: an index into tag_names
    tag_names: tuple[str, ...]
    total: int

    def tag_of(self, key_id: int) -> str:
        return self.tag_names[self.tags[key_id]]


def load(folder: Path | None = None) -> NameDictionary:
    """The shipped dictionary (or the one saved in ``folder``)."""
    if folder is None:
        with resources.as_file(resources.files(PACKAGE)) as package:
            return load(Path(package))
    words = marisa_trie.Trie()
    words.mmap(str(folder / WORDS_FILE))  # shared by the pages of every process that maps it
    raw = (folder / VALUES_FILE).read_bytes()
    header_end = raw.index(b"\n") + 1
    header = json.loads(raw[:header_end])
    count = header["words"]
    counts = array.array("I")
    counts.frombytes(raw[header_end:header_end + 4 * count])
    if sys.byteorder == "big":
        counts.byteswap()
    tags = raw[header_end + 4 * count:header_end + 5 * count]
    if len(words) != count or len(tags) != count:
        raise ValueError(f"{folder / VALUES_FILE} does not match {folder / WORDS_FILE}: rebuild both "
                         "(scripts/build_name_dictionary.py)")
    return NameDictionary(words, counts, tags, tuple(header["tags"]), header["total"])


def jieba_tokenizer():
    """jieba's tokenizer with the indicator terms loaded, and its part-of-speech table (word → tag): what the
    dictionary is built from, and what the tests compare the tagger with."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    with resources.as_file(resources.files(PACKAGE).joinpath(USER_DICTIONARY)) as path:
        tokenizer.load_userdict(str(path))
    tokenizer.check_initialized()
    pos = jieba.posseg.POSTokenizer(tokenizer)
    pos.makesure_userdict_loaded()  # moves the user dictionary's tags into the tag table
    return tokenizer, pos.word_tag_tab


def build() -> NameDictionary:
    """The dictionary made from jieba's (only words with a count: jieba keeps their prefixes with count 0)."""
    tokenizer, tag_table = jieba_tokenizer()
    words = marisa_trie.Trie(word for word, count in tokenizer.FREQ.items() if count)
    tag_names = tuple(sorted(set(tag_table.values()) | {DEFAULT_TAG}))
    index = {name: i for i, name in enumerate(tag_names)}
    counts = array.array("I", bytes(4 * len(words)))
    tags = bytearray(len(words))
    for word, key_id in words.iteritems():
        counts[key_id] = tokenizer.FREQ[word]
        tags[key_id] = index[tag_table.get(word, DEFAULT_TAG)]
    return NameDictionary(words, counts, bytes(tags), tag_names, tokenizer.total)


def save(dictionary: NameDictionary, folder: Path) -> None:
    dictionary.words.save(str(folder / WORDS_FILE))
    counts = array.array("I", dictionary.counts)
    if sys.byteorder == "big":
        counts.byteswap()
    header = json.dumps({"total": dictionary.total, "tags": list(dictionary.tag_names),
                         "words": len(dictionary.words)}, ensure_ascii=False)
    (folder / VALUES_FILE).write_bytes(header.encode() + b"\n" + counts.tobytes() + dictionary.tags)
