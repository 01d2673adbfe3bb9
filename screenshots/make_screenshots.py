"""Regenerate the SVG screenshots the README shows: `python screenshots/make_screenshots.py`.

Each shot opens the reader on the bundled seeds with a throw-away state file,
presses the keys a user would, and saves the screen as SVG beside this script.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from tui.corpus.bundled import seeds_path  # noqa: E402
from tui.reader import CopydeskApp  # noqa: E402
from tui.reader.widgets.story_list import StoryList  # noqa: E402

SHOTS = [
    # (file name, terminal size, open the multi-version story first?, keys)
    ("start", (120, 36), False, []),
    ("story", (120, 36), True, []),
    ("differences", (150, 40), True, ["d", "j", "j", "j", "j", "j", "j", "j", "j"]),
    ("all-versions", (150, 40), True, ["d", "a"]),
    ("versions", (120, 36), True, ["v"]),
    ("help", (120, 36), False, ["question_mark"]),
    ("narrow", (60, 20), True, []),
    ("search", (120, 36), False, ["slash", *"distracton impossble"]),
    ("quotes", (120, 36), True, ["Q"]),
]


async def shoot(name: str, size: tuple[int, int], open_story: bool, keys: list[str]) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        app = CopydeskApp(
            [str(seeds_path())],
            state_path=Path(tmp) / "state.json",
            config_path=Path(tmp) / "config.json",
            index_path=Path(tmp) / "index.sqlite",
        )
        async with app.run_test(size=size) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            if open_story:
                stories = app.screen.query_one(StoryList)
                stories.cursor = next(
                    n for n, s in enumerate(stories.stories) if len(s.versions) > 1
                )
                await pilot.press("enter")
            app.screen._start_index()
            while app.screen.indexing:  # the search index
                await app.workers.wait_for_complete()
                await pilot.pause()
            await pilot.press(*keys)
            await app.workers.wait_for_complete()
            await pilot.pause()
            return Path(app.save_screenshot(filename=f"{name}.svg", path=str(HERE)))


async def main() -> None:
    for shot in SHOTS:
        print(await shoot(*shot))


if __name__ == "__main__":
    asyncio.run(main())
