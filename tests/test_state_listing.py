"""The reader's saved state (tui.corpus.state) and the sidebar order (tui.corpus.listing)."""

from __future__ import annotations

import json

from tui.corpus import fold
from tui.corpus.model import Story, Version
from tui.reader.config import load_config
from tui.reader.listing import StoryListing
from tui.reader.state import Place, load_state


def test_state_round_trip_keeps_other_corpora(tmp_path):
    path = tmp_path / "state.json"
    state, message = load_state(["/a"], path)
    assert message is None
    state.theme = "nord"
    state.corpus.last_story = "s1"
    state.corpus.places["s1"] = Place("v2", 7)
    state.corpus.read.add("s1")
    state.save()
    other, _ = load_state(["/b"], path)
    other.corpus.last_story = "x"
    other.save()
    again, message = load_state(["/a"], path)
    assert message is None and again.theme == "nord"
    assert again.corpus.last_story == "s1" and again.corpus.places["s1"] == Place("v2", 7)
    assert again.corpus.read == {"s1"}
    assert load_state(["/b"], path)[0].corpus.last_story == "x"
    assert not [p for p in tmp_path.iterdir() if p.name != "state.json"]  # no temporary left behind


def test_corrupt_state_is_set_aside_with_a_message(tmp_path):
    path = tmp_path / "state.json"
    path.write_text("{not json", "utf-8")
    state, message = load_state(["/a"], path)
    assert message and "unreadable" in message and str(path) in message
    assert state.corpus.last_story is None
    aside = [p for p in tmp_path.iterdir() if p.name.startswith("state.json.corrupt-")]
    assert len(aside) == 1 and aside[0].read_text("utf-8") == "{not json"
    state.save()
    assert json.loads(path.read_text("utf-8"))["version"] == 1


def test_foreign_json_is_not_misread(tmp_path):
    path = tmp_path / "state.json"
    path.write_text(json.dumps({"version": 99, "corpora": {}}), "utf-8")
    state, message = load_state(["/a"], path)
    assert message and "version" in message


def test_keymap_from_config(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[keymap]\nreader.next_version = "l"\n', "utf-8")
    config = load_config(path)
    assert config.keymap == {"reader.next_version": "l"} and not config.notifications()
    path.write_text("[", "utf-8")
    config = load_config(path)
    assert config.keymap == {} and [str(path) in n for n in config.notifications()] == [True]
    assert load_config(tmp_path / "absent.toml").notifications() == []


def _story(sid: str, title: str, date: str | None, versions: int) -> Story:
    vs = [
        Version(f"{sid}{n}", f"{sid}{n}.txt", (1, 1), title, None, date, None, ["text"])
        for n in range(versions)
    ]
    return Story(sid, title, vs)


def test_listing_sorts_and_filters():
    stories = [
        _story("a", "Élection results in Paris", "2024-01-02", 1),
        _story("b", "Floods in Nairobi", "2024-03-01", 3),
        _story("c", "Budget vote delayed", None, 2),
    ]
    listing = StoryListing(stories)
    assert [s.id for s in listing.view("date")] == ["b", "a", "c"]
    assert [s.id for s in listing.view("versions")] == ["b", "c", "a"]
    assert [s.id for s in listing.view("title")] == ["c", "a", "b"]
    assert [s.id for s in listing.view("date", "election paris")] == [
        "a"
    ]  # accents and case folded
    assert [s.id for s in listing.view("date", "nairboi")] == ["b"]  # a typo still finds it
    assert listing.view("date", "zzzz qqqq") == []


def test_listing_orders_break_ties_by_title_then_by_place():
    """Each order as its definition says: (newest day, title), (most versions, title),
    (title, place in the corpus), undated and unreadable dates last."""
    import random

    rng = random.Random(5)
    dates = [None, "", "2024-01-02", "2024-01-02T10:00", "2023-12", "1987-03-01", "soon"]
    titles = ["Floods", "floods", "Élection", "Budget", "Budget", "Zebra crossing"]
    stories = [
        _story(f"s{n}", rng.choice(titles), rng.choice(dates), rng.randint(1, 3))
        for n in range(300)
    ]
    listing = StoryListing(stories)
    folded = [fold(s.title) for s in stories]

    def day(n: int) -> int:
        date = stories[n].date
        digits = (date or "")[:10].replace("-", "")
        return int(digits) if digits.isdigit() else -1

    n = range(len(stories))
    assert listing.order("date") == sorted(n, key=lambda i: (-day(i), folded[i]))
    assert listing.order("versions") == sorted(
        n, key=lambda i: (-stories[i].version_count, folded[i])
    )
    assert listing.order("title") == sorted(n, key=lambda i: (folded[i], i))
