"""Ids: ordered guids sort by the time they were made, look like UUID v4, and never repeat, not
even across a fork (a forked child draws its own random bits)."""

from __future__ import annotations

import os
import re
import time

from twitch_mock.core.ids import Ids

UUID4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def test_ordered_guids_are_uuid4_shaped_unique_and_sorted_by_time() -> None:
    ids = Ids()
    made = []
    for _ in range(3):
        made += [ids.ordered_guid() for _ in range(500)]
        time.sleep(0.002)
    assert all(UUID4.match(i) for i in made)
    assert len(set(made)) == len(made)
    prefixes = [i[:13] for i in made]  # the clock's milliseconds
    assert prefixes == sorted(prefixes)


def test_a_batch_of_ordered_guids_has_one_instant_and_all_other_bits_random() -> None:
    ids = Ids()
    batches = [ids.ordered_guids(n) for n in (1, 2, 300, 300)]
    made = [i for batch in batches for i in batch]
    assert [len(b) for b in batches] == [1, 2, 300, 300]
    assert all(UUID4.match(i) for i in made)
    assert len(set(made)) == len(made)
    assert all(len({i[:13] for i in batch}) == 1 for batch in batches)  # one clock reading each
    # every random digit varies over a batch: no digit is left fixed by the slicing
    digits = [i.replace("-", "")[13:] for i in batches[2]]
    assert all(len({d[k] for d in digits}) > 1 for k in range(19))
    assert {d[3] for d in digits} == set("89ab")  # the variant
    assert Ids.seeded(3).ordered_guids(2) == Ids.seeded(3).ordered_guids(2)  # seeded: plain guids


def test_a_forked_child_draws_other_ids_than_its_parent() -> None:
    ids = Ids()
    ids.ordered_guid()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: its ids, to the parent
        os.write(write, " ".join(ids.ordered_guid() for _ in range(50)).encode())
        os._exit(0)
    os.close(write)
    os.waitpid(pid, 0)
    with os.fdopen(read) as pipe:
        child = pipe.read().split()
    mine = [ids.ordered_guid() for _ in range(50)]
    assert len(child) == 50
    assert not {i[14:] for i in child} & {i[14:] for i in mine}  # the random parts never meet
