"""Change stamps move with the transaction that writes, and a cached result lives exactly as long as its stamps."""

import pytest
from django.db import transaction

from contracts.stamps import cached, stamp_changed, stamps_read

pytestmark = pytest.mark.django_db


def test_a_topic_never_written_reads_zero_and_each_write_moves_it_by_one():
    assert stamps_read(["queue", "board"]) == (0, 0)

    stamp_changed("queue")
    stamp_changed("queue")
    stamp_changed("board")

    assert stamps_read(["queue", "board"]) == (2, 1)


def test_a_rolled_back_write_takes_its_stamp_back():
    stamp_changed("queue")

    with pytest.raises(RuntimeError), transaction.atomic():
        stamp_changed("queue")
        raise RuntimeError("the write failed")

    assert stamps_read(["queue"]) == (1,)


def test_a_result_is_rendered_once_while_its_stamps_hold():
    renders = []

    def render() -> str:
        renders.append(1)
        return f"render {len(renders)}"

    first = cached("page", ("all", "?q="), topics=["queue"], render=render)
    again = cached("page", ("all", "?q="), topics=["queue"], render=render)
    other_key = cached("page", ("user:7", "?q="), topics=["queue"], render=render)
    stamp_changed("queue")
    after_write = cached("page", ("all", "?q="), topics=["queue"], render=render)

    assert (first, again, other_key, after_write) == ("render 1", "render 1", "render 2", "render 3")


def test_any_of_its_topics_moving_renders_afresh():
    results = iter(["before", "after"])
    render = lambda: next(results)  # noqa: E731

    assert cached("page", (), topics=["queue", "vendor-list"], render=render) == "before"
    stamp_changed("vendor-list")

    assert cached("page", (), topics=["queue", "vendor-list"], render=render) == "after"
