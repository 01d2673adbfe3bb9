"""Keyboard flows in the reader, driven with Textual's Pilot on the seeds."""

from __future__ import annotations

import json

from tests.conftest import SEEDS
from tui.corpus.analysis import diff
from tui.reader import CopydeskApp
from tui.reader.screens.help import HelpScreen
from tui.reader.screens.versions import VersionsScreen
from tui.reader.widgets.article import ArticleView
from tui.reader.widgets.diff_panel import DiffPanel
from tui.reader.widgets.story_list import StoryList


def _app(tmp_path, paths=None) -> CopydeskApp:
    return CopydeskApp(
        [str(p) for p in (paths or [SEEDS])],
        state_path=tmp_path / "state.json",
        config_path=tmp_path / "config.toml",
        index_path=tmp_path / "index.sqlite",
    )


async def _loaded(pilot) -> None:
    for _ in range(
        500
    ):  # the load starts after the first frame: until then there is nothing to wait for
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if pilot.app.corpus is not None and _laid_out(pilot):
            return
        await pilot.pause(0.01)


def _laid_out(pilot) -> bool:
    """The pane shows what the load put in it: it is laid out (its width known, its lines
    made) a frame or two after the load; a pane not shown (a narrow terminal's list
    alone) has nothing to wait for."""
    views = pilot.app.screen.query(ArticleView)
    if not views:
        return True
    view = views.first()
    return not all(w.display for w in view.ancestors_with_self) or view._width > 0


def _lines(view) -> str:
    return "\n".join(strip.text for strip, _, _ in view._lines)


async def _open_rubio(pilot):
    stories = pilot.app.screen.query_one(StoryList)
    stories.cursor = next(n for n, s in enumerate(stories.stories) if len(s.versions) == 5)
    await pilot.press("enter")
    await pilot.pause()
    return pilot.app.screen


async def test_sidebar_lists_two_stories_and_enter_opens_the_canonical(tmp_path):
    async with _app(tmp_path).run_test(size=(120, 40)) as pilot:
        await _loaded(pilot)
        stories = pilot.app.screen.query_one(StoryList)
        assert len(stories.stories) == 2
        screen = await _open_rubio(pilot)
        assert screen.version.canonical and screen.version.source.startswith("000")
        article = screen.query_one(ArticleView)
        assert article.has_focus
        assert "version 2 of 5" in str(article.border_title) and "lines 1–" in str(
            article.border_title
        )


async def test_brackets_visit_every_version_and_come_back(tmp_path):
    async with _app(tmp_path).run_test(size=(120, 40)) as pilot:
        await _loaded(pilot)
        screen = await _open_rubio(pilot)
        start = screen.version
        seen = [start.source]
        for _ in range(4):
            await pilot.press("right_square_bracket")
            seen.append(screen.version.source)
        assert sorted(s[:3] for s in seen) == ["000", "001", "002", "003", "004"]
        for _ in range(4):
            await pilot.press("left_square_bracket")
        assert screen.version is start


async def test_changing_version_keeps_the_reading_position(tmp_path):
    async with _app(tmp_path).run_test(size=(120, 40)) as pilot:
        await _loaded(pilot)
        screen = await _open_rubio(pilot)
        article = screen.query_one(ArticleView)
        letters = next(
            i for i, p in enumerate(screen.version.paragraphs) if p.startswith("“These letters")
        )
        article.scroll_to_key(letters)
        await pilot.pause()
        assert article.current_key == letters
        await pilot.press("right_square_bracket")  # 000 -> 001
        await pilot.pause()
        assert screen.version.source.startswith("001")
        assert screen.version.paragraphs[article.current_key].startswith("“These letters")


async def test_diff_panel_pairs_and_all_versions(tmp_path):
    async with _app(tmp_path).run_test(size=(160, 50)) as pilot:
        await _loaded(pilot)
        screen = await _open_rubio(pilot)
        await pilot.press("d")
        panel = screen.query_one(DiffPanel)
        assert panel.display and panel.comparison is not None
        assert panel.comparison.other.source.startswith("004")  # the first other version
        text = _lines(panel)
        assert "{+U.S. President Donald+}" in text
        assert "[-Majority-] {+8+} of [-ASEAN-] {+ASEAN's 10+} members" in text
        while not panel.comparison.other.source.startswith("003"):
            await pilot.press("D")
        assert any(
            r.status == diff.ONLY_THIS
            and screen.version.paragraphs[r.this].startswith("“These letters")
            for r in panel.comparison.rows
        )
        assert "only in this version" in _lines(panel)
        await pilot.press("a")
        assert panel.coverage is not None and "in 4 of 5 versions" in _lines(panel)
        await pilot.press("d")
        assert not panel.display


async def test_004_with_the_panel_marks_the_trump_quote_as_its_own(tmp_path):
    async with _app(tmp_path).run_test(size=(160, 50)) as pilot:
        await _loaded(pilot)
        screen = await _open_rubio(pilot)
        while not screen.version.source.startswith("004"):
            await pilot.press("right_square_bracket")
        await pilot.press("d")
        panel = screen.query_one(DiffPanel)
        assert panel.comparison.other.canonical
        quote = next(
            r
            for r in panel.comparison.rows
            if r.this is not None
            and screen.version.paragraphs[r.this].startswith("“Putin is not, he’s not")
        )
        assert quote.status == diff.ONLY_THIS


async def test_panel_scrolls_in_step_with_the_text(tmp_path):
    async with _app(tmp_path).run_test(size=(160, 50)) as pilot:
        await _loaded(pilot)
        screen = await _open_rubio(pilot)
        await pilot.press("d")
        article, panel = screen.query_one(ArticleView), screen.query_one(DiffPanel)
        article.scroll_to_key(20)
        await pilot.pause()
        assert panel.current_key == 20


async def test_version_list_opens_and_picks_a_comparison(tmp_path):
    async with _app(tmp_path).run_test(size=(120, 40)) as pilot:
        await _loaded(pilot)
        screen = await _open_rubio(pilot)
        await pilot.press("v")
        assert isinstance(pilot.app.screen, VersionsScreen)
        await pilot.press("down", "d")  # 000 is second; the next row is 001
        assert pilot.app.screen is screen
        panel = screen.query_one(DiffPanel)
        assert panel.display and panel.comparison.other.source.startswith("001")
        await pilot.press("v", "home", "enter")
        assert screen.version.source.startswith("004")


async def test_help_filter_sort_copy_and_quit_save_state(tmp_path):
    async with _app(tmp_path).run_test(size=(120, 40)) as pilot:
        await _loaded(pilot)
        await pilot.press("question_mark")
        assert isinstance(pilot.app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("f", *"malinin")
        stories = pilot.app.screen.query_one(StoryList)
        assert [len(s.versions) for s in stories.stories] == [1]
        await pilot.press("escape")
        assert len(stories.stories) == 2
        await pilot.press("o")
        assert pilot.app.state.corpus.sort == "versions"
        screen = await _open_rubio(pilot)
        await pilot.press("y")
        assert pilot.app.clipboard == screen.version.paragraphs[0]
        await pilot.press("Y")
        assert pilot.app.clipboard.startswith(screen.version.title or screen.story.title)
        await pilot.press("q")
    saved = json.loads((tmp_path / "state.json").read_text("utf-8"))
    (entry,) = saved["corpora"].values()
    assert entry["last_story"] == screen.story.id and entry["sort"] == "versions"
    assert entry["read"] == [screen.story.id]


async def test_reopens_where_you_left_off(tmp_path):
    async with _app(tmp_path).run_test(size=(120, 40)) as pilot:
        await _loaded(pilot)
        screen = await _open_rubio(pilot)
        await pilot.press("right_square_bracket")
        screen.query_one(ArticleView).scroll_to_key(9)
        await pilot.pause()
        version = screen.version.id
        await pilot.press("q")
    async with _app(tmp_path).run_test(size=(120, 40)) as pilot:
        await _loaded(pilot)
        screen = pilot.app.screen
        assert screen.version.id == version
        assert screen.query_one(ArticleView).current_key == 9


async def test_corrupt_state_file_is_reported_not_fatal(tmp_path):
    (tmp_path / "state.json").write_text("\x00garbage", "utf-8")
    async with _app(tmp_path).run_test(size=(120, 40)) as pilot:
        await _loaded(pilot)
        assert len(pilot.app.screen.query_one(StoryList).stories) == 2
        assert any("unreadable" in n.message for n in pilot.app._notifications)
    assert any(p.name.startswith("state.json.corrupt-") for p in tmp_path.iterdir())


async def test_keymap_from_config_remaps_a_binding(tmp_path):
    (tmp_path / "config.toml").write_text('[keymap]\nreader.next_version = "l"\n', "utf-8")
    async with _app(tmp_path).run_test(size=(120, 40)) as pilot:
        await _loaded(pilot)
        screen = await _open_rubio(pilot)
        start = screen.version
        await pilot.press("l")
        assert screen.version is not start


async def test_corpus_text_is_shown_literally(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "odd.txt").write_text(
        "A [bold]headline[/bold] with [link=http://x]markup[/link]\n\n"
        "The council met on Monday to discuss [red]the budget[/red] and a $variable plan "
        "for the town.\n\n"
        "Officials said the vote \x1b[31mwould\x1b[0m come next week after a \x07long "
        "debate among members.\n",
        "utf-8",
    )
    async with _app(tmp_path, [corpus]).run_test(size=(120, 40)) as pilot:
        await _loaded(pilot)
        await pilot.press("enter")
        await pilot.pause()
        text = _lines(pilot.app.screen.query_one(ArticleView))
        assert "A [bold]headline[/bold] with [link=http://x]markup[/link]" in text
        assert "[red]the budget[/red]" in text
        assert "\x1b" not in text and "\x07" not in text and "would come next week" in text


async def test_single_version_story_has_nothing_to_compare(tmp_path):
    async with _app(tmp_path).run_test(size=(120, 40)) as pilot:
        await _loaded(pilot)
        stories = pilot.app.screen.query_one(StoryList)
        stories.cursor = next(n for n, s in enumerate(stories.stories) if len(s.versions) == 1)
        await pilot.press("enter", "d", "right_square_bracket", "D")
        panel = pilot.app.screen.query_one(DiffPanel)
        assert panel.display and "nothing to compare" in _lines(panel)


async def test_palette_offers_every_action_and_the_theme(tmp_path):
    async with _app(tmp_path).run_test(size=(120, 40)) as pilot:
        await _loaded(pilot)
        titles = {c.title for c in pilot.app.get_system_commands(pilot.app.screen)}
        assert {
            "Theme",
            "Next version",
            "Prev version",
            "Versions",
            "Diff",
            "Search",
            "Quotes",
            "Filter list",
            "Help",
        } <= titles
        await pilot.press("ctrl+p")
        await pilot.press(*"next version", "enter")  # nothing open yet: a harmless no-op
        await pilot.pause()
        assert pilot.app.screen.__class__.__name__ == "ReaderScreen"


async def test_loading_progress_shows_in_the_sidebar(tmp_path):
    async with _app(tmp_path).run_test(size=(120, 40)) as pilot:
        screen = pilot.app.screen
        screen._progress("reading", 250, 1000)
        stories = screen.query_one(StoryList)
        assert (
            stories.empty_text.startswith("Reading files… 250 of 1,000")
            and "25%" in stories.empty_text
        )
        await _loaded(pilot)
        assert len(stories.stories) == 2


async def test_story_list_is_virtual_at_100k_rows():
    from textual.app import App

    from tui.corpus.model import Story, Version

    stories = [
        Story(
            f"s{n}",
            f"Story number {n}",
            [Version(f"v{n}", "f.txt", (1, 1), None, None, None, None, ["p"])],
        )
        for n in range(100_000)
    ]

    class One(App):
        def compose(self):
            yield StoryList(id="stories")

    async with One().run_test(size=(60, 20)) as pilot:
        story_list = pilot.app.query_one(StoryList)
        story_list.set_stories(stories)
        story_list.focus()
        await pilot.press("G")
        assert story_list.cursor == 99_999 and story_list.scroll_y > 99_900
        await pilot.press("k", "pageup")
        assert story_list.cursor < 99_998
        await pilot.press("g")
        assert story_list.cursor == 0 and story_list.scroll_y == 0
        assert not story_list.children  # rows are drawn, not mounted


async def test_captions_toggle_sidebar_toggle_unread_and_mouse(tmp_path):
    async with _app(tmp_path).run_test(size=(120, 40)) as pilot:
        await _loaded(pilot)
        screen = pilot.app.screen
        stories = screen.query_one(StoryList)
        skating = next(n for n, s in enumerate(stories.stories) if len(s.versions) == 1)
        await pilot.click(StoryList, offset=(5, skating))  # the mouse opens a story too
        await pilot.pause()
        article = screen.query_one(ArticleView)
        assert screen.story is stories.stories[skating] and screen.version.captions
        assert "5 photo captions (c shows)" in _lines(article)
        assert screen.version.captions[0] not in _lines(article)
        await pilot.press("c")
        assert screen.version.captions[0][:40] in _lines(article).replace("\n", " ")
        await pilot.press("s")
        assert screen.has_class("-hide-sidebar")
        await pilot.press("s")
        assert not screen.has_class("-hide-sidebar") and stories.has_focus
        assert screen.story.id in stories.read
        await pilot.press("u")
        assert (
            screen.story.id not in stories.read
            and screen.story.id not in pilot.app.state.corpus.read
        )


async def _indexed(pilot) -> None:
    screen = pilot.app.screen
    screen._start_index()
    while screen.indexing:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def _search(pilot, query: str) -> None:
    await _indexed(pilot)
    await pilot.press("slash", *query)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_search_lands_on_the_paragraph_with_the_match_lit(tmp_path):
    from tui.reader.screens.search import SearchScreen

    async with _app(tmp_path).run_test(size=(120, 40)) as pilot:
        await _loaded(pilot)
        await _search(pilot, "distracton impossble")
        search = pilot.app.screen
        assert isinstance(search, SearchScreen)
        group = search.results[0]
        assert group.versions_hit == 5 and "distraction is impossible" in group.best.unit.text
        await pilot.press("enter")
        await pilot.pause()
        screen = pilot.app.screen
        article = screen.query_one(ArticleView)
        paragraph = article.current_key
        assert "distraction is impossible" in screen.version.paragraphs[paragraph]
        lit = [s for s in article.highlights[paragraph]]
        assert [screen.version.paragraphs[paragraph][a:b] for a, b in lit] == [
            "distraction",
            "impossible",
        ]
        await pilot.press("n")
        await pilot.pause()
        assert article.current_key != paragraph and article.current_key in article.highlights


async def test_search_escape_returns_to_where_you_were(tmp_path):
    async with _app(tmp_path).run_test(size=(120, 40)) as pilot:
        await _loaded(pilot)
        screen = await _open_rubio(pilot)
        article = screen.query_one(ArticleView)
        article.scroll_to_key(12)
        await pilot.pause()
        version = screen.version
        await _search(pilot, "malinin")
        await pilot.press("escape")
        await pilot.pause()
        assert (
            pilot.app.screen is screen and screen.version is version and article.current_key == 12
        )


async def test_search_results_expand_to_each_version(tmp_path):
    async with _app(tmp_path).run_test(size=(120, 40)) as pilot:
        await _loaded(pilot)
        await _search(pilot, "123 agreement")
        search = pilot.app.screen
        before = len(search._rows)
        await pilot.press("down", "right")
        assert len(search._rows) == before + 3  # four versions say it: the best plus three more


async def test_quote_finder_lists_speakers_and_wordings(tmp_path):
    from tui.reader.screens.quotes import QuotesScreen

    async with _app(tmp_path).run_test(size=(120, 40)) as pilot:
        await _loaded(pilot)
        await _open_rubio(pilot)
        await pilot.press("Q")
        quotes = pilot.app.screen
        assert isinstance(quotes, QuotesScreen)
        russel = next(
            q for q in quotes.quotes if q.text.startswith("talking points on the China threat")
        )
        assert russel.speaker == "Danny Russel" and len(russel.versions) == 4
        assert any(len(q.variants) > 1 and "flexibility" in q.text for q in quotes.quotes)
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.screen.__class__.__name__ == "ReaderScreen"


async def test_r_refreshes_new_files_and_keeps_the_open_story(tmp_path):
    import shutil

    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    async with _app(tmp_path, [corpus]).run_test(size=(120, 40)) as pilot:
        await _loaded(pilot)
        screen = await _open_rubio(pilot)
        story = screen.story.id
        (corpus / "floods.txt").write_text(
            "Floods in Nairobi\n\nNAIROBI, Kenya (AP) — Heavy rains have flooded parts of the "
            "Kenyan capital, "
            "forcing thousands from their homes, the Red Cross said on Monday.\n",
            "utf-8",
        )
        await pilot.press("r")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert len(screen.query_one(StoryList).stories) == 3
        assert screen.story.id == story
        from tui.corpus.search.stored import StoredSearchIndex

        await pilot.pause(0.5)  # the search index reopens once the list has settled
        await pilot.app.workers.wait_for_complete()
        assert isinstance(screen.index, StoredSearchIndex)
        await _search(pilot, "nairobi floods")
        assert pilot.app.screen.results and "Nairobi" in pilot.app.screen.results[0].best.unit.text


async def test_search_after_another_process_refreshed_says_to_reload(tmp_path):
    import shutil

    from textual.widgets import Label

    from tui.corpus.index.refresh import open_corpus

    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    async with _app(tmp_path, [corpus]).run_test(size=(120, 40)) as pilot:
        await _loaded(pilot)
        await _indexed(pilot)
        (corpus / "floods.txt").write_text(
            "Floods in Nairobi\n\nNAIROBI, Kenya (AP) — Heavy rains flooded the "
            "capital on Monday, forcing thousands from their homes.\n",
            "utf-8",
        )
        open_corpus([corpus], tmp_path / "index.sqlite")  # as another copydesk would
        await _search(pilot, "rubio")
        status = pilot.app.screen.query_one("#search-status", Label)
        assert "another copydesk refreshed the index" in str(status.content)
        await pilot.press("escape", "r")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.5)
        await pilot.app.workers.wait_for_complete()
        await _search(pilot, "nairobi")
        assert pilot.app.screen.results


async def test_watching_the_folder_refreshes_on_its_own(tmp_path):
    import asyncio
    import shutil

    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    app = CopydeskApp(
        [str(corpus)],
        state_path=tmp_path / "state.json",
        config_path=tmp_path / "config.toml",
        index_path=tmp_path / "index.sqlite",
        watch=0.2,
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await _loaded(pilot)
        stories = pilot.app.screen.query_one(StoryList)
        assert len(stories.stories) == 2
        (corpus / "floods.txt").write_text(
            "Floods in Nairobi\n\nNAIROBI, Kenya (AP) — Heavy rains flooded the "
            "capital on Monday, forcing thousands from their homes.\n",
            "utf-8",
        )
        for _ in range(50):
            await asyncio.sleep(0.1)
            await pilot.pause()
            if len(stories.stories) == 3:
                break
        assert len(stories.stories) == 3


async def test_files_changed_while_closed_are_picked_up_after_the_list_shows(tmp_path):
    import shutil

    from tui.corpus.index.refresh import open_corpus

    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    open_corpus([corpus], tmp_path / "index.sqlite")
    (corpus / "floods.txt").write_text(
        "Floods in Nairobi\n\nNAIROBI, Kenya (AP) — Heavy rains flooded the "
        "capital on Monday, forcing thousands from their homes.\n",
        "utf-8",
    )
    async with _app(tmp_path, [corpus]).run_test(size=(120, 40)) as pilot:
        stories = pilot.app.screen.query_one(StoryList)
        counts = []
        for _ in range(100):  # the index's two stories first, then the refresh
            await pilot.pause(0.05)
            if not counts or counts[-1] != len(stories.stories):
                counts.append(len(stories.stories))
            if counts[-1] == 3:
                break
        assert counts[-1] == 3
        assert any("since the index was saved" in str(n.message) for n in pilot.app._notifications)


async def test_slash_in_the_title_filter_is_a_character_not_a_search(tmp_path):
    from textual.widgets import Input

    from tui.reader.screens.search import SearchScreen

    async with _app(tmp_path).run_test(size=(120, 40)) as pilot:
        await _loaded(pilot)
        await pilot.press("f", "a", "slash", "b")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, SearchScreen)
        assert pilot.app.screen.query_one("#filter", Input).value == "a/b"
        await pilot.press("escape", "slash")
        await pilot.pause()
        assert isinstance(pilot.app.screen, SearchScreen)


async def test_a_damaged_search_index_is_set_aside_and_rebuilt_from_the_search_screen(tmp_path):
    import sqlite3

    from textual.widgets import Label

    async with _app(tmp_path).run_test(size=(120, 40)) as pilot:
        await _loaded(pilot)
        await _indexed(pilot)
        with sqlite3.connect(tmp_path / "index.sqlite") as db:
            db.execute("UPDATE postings SET uids = x'0102'")
        await _search(pilot, "rubio")
        messages = [str(n.message) for n in pilot.app._notifications]
        assert any("is damaged" in m and "rebuilding it" in m for m in messages)
        await _loaded(pilot)  # the rebuild, then the search again with the new index
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert any(p.name.startswith("index.sqlite.corrupt-") for p in tmp_path.iterdir())
        assert str(pilot.app.screen.query_one("#search-status", Label).content) == "1 story"
        await pilot.press("escape")
        assert pilot.app.is_running


async def test_a_story_the_damaged_index_cannot_give_back_sets_it_aside_and_rebuilds(tmp_path):
    import sqlite3

    from tui.corpus.index.refresh import open_corpus

    open_corpus([SEEDS], tmp_path / "index.sqlite")  # made first, so the reader opens it lazily
    with sqlite3.connect(tmp_path / "index.sqlite") as db:
        db.execute("UPDATE versions SET data = '{broken'")
        db.execute(
            "UPDATE unit_batches SET owners = 'not json'"
        )  # so the search index is built here
    async with _app(tmp_path).run_test(size=(120, 40)) as pilot:
        await _loaded(pilot)
        await _indexed(pilot)
        await pilot.press("enter")
        await pilot.pause()
        messages = [str(n.message) for n in pilot.app._notifications]
        assert any("is damaged" in m and "setting it aside" in m for m in messages)
        assert pilot.app.is_running and pilot.app.screen.story is None
        await _loaded(pilot)
        assert any("moved aside" in str(n.message) for n in pilot.app._notifications)
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.screen.story is not None  # the rebuilt index gives it back
        await _search(pilot, "malinin")
        assert pilot.app.screen.results


async def test_blocks_set_before_a_size_are_laid_out_even_without_a_resize(tmp_path):
    """Textual can size a pane without sending it a Resize (1 start in 40 under load left
    the welcome blank): the first paint at a new width lays the blocks out."""
    async with _app(tmp_path).run_test(size=(120, 40)) as pilot:
        await _loaded(pilot)
        view = pilot.app.screen.query_one(ArticleView)
        blocks = view.blocks
        view._width, view._lines = 0, []  # as if the blocks came before the layout, no Resize
        view._blocks = blocks
        view.refresh()
        for _ in range(20):
            await pilot.pause()
            if view._lines:
                break
        assert view._width == view.scrollable_content_region.width > 0
        assert "Every story once" in _lines(view)
