"""Who said each quotation: hand-made stories and the speaker each quote should get.

Every case is a short story (its paragraphs, in order) and the quotes it holds, each as
the start of its text and its speaker, None when the text does not say who it is close
enough to the quote to be sure. A wrong speaker is worse than none, so many cases are
ones where a name is near but the quote is not theirs.
"""

from __future__ import annotations

import pytest

from tui.corpus.analysis.quotes import story_quotes
from tui.corpus.model import Story, Version

CASES: dict[str, tuple[list[str], list[tuple[str, str | None]]]] = {
    "said_name_after": (
        ["“The bridge will reopen in the spring,” said Jane Doe, the city engineer."],
        [("The bridge will reopen", "Jane Doe")],
    ),
    "name_said_after": (
        ["“We counted every ballot twice,” Omar Haddad said on Friday."],
        [("We counted every ballot", "Omar Haddad")],
    ),
    "name_said_colon_before": (
        ["Lena Park told the council: “There is no money left for new roads.”"],
        [("There is no money", "Lena Park")],
    ),
    "name_in_an_earlier_paragraph_is_not_the_speaker": (
        [
            "“The plan is sound and the money is there,” said Jane Doe, the mayor.",
            "The council will vote on the plan next week.",
            "“It will cost far more than anyone admits.”",
            "Critics have filed a complaint.",
            "“We will see them in court,” he said.",
        ],
        [
            ("The plan is sound", "Jane Doe"),
            ("It will cost far more", None),
            ("We will see them", None),
        ],
    ),
    "closing_two_apostrophes_curly": (
        [
            "“We are not going anywhere,’’ said Tom Berg, the coach.",
            "“Next season starts right now,” he said.",
        ],
        [("We are not going anywhere", "Tom Berg"), ("Next season starts", "Tom Berg")],
    ),
    "closing_two_apostrophes_straight": (
        ["\"I have loved this job for thirty years,'' said Ruth Adler, who retires in May."],
        [("I have loved this job", "Ruth Adler")],
    ),
    "backticks_and_apostrophes": (
        ["``The count was fair and complete,'' Ruth Adler said."],
        [("The count was fair", "Ruth Adler")],
    ),
    "guillemets": (
        ["«We will rebuild every school,» Education Minister Ana Costa said."],
        [("We will rebuild every school", "Ana Costa")],
    ),
    "guillemets_reversed": (
        ["»Nobody will be left behind,« said Karl Weber, the union leader."],
        [("Nobody will be left behind", "Karl Weber")],
    ),
    "low_opening_mark": (
        ["„The border stays open for trade,“ said Petra Novak."],
        [("The border stays open", "Petra Novak")],
    ),
    "doubled_single_marks": (
        ["‘‘Rain is coming by the weekend,’’ said Dan Ito, a forecaster."],
        [("Rain is coming by", "Dan Ito")],
    ),
    "split_quote": (
        ["“We lost the first game,” said coach Mia Lund, “but we won the whole season.”"],
        [("We lost the first game", "Mia Lund"), ("but we won the whole season", "Mia Lund")],
    ),
    "split_quote_said_between_sentences": (
        ["“We lost the first game,” Mia Lund said. “The season was ours all the same.”"],
        [("We lost the first game", "Mia Lund"), ("The season was ours", "Mia Lund")],
    ),
    "two_partial_quotes_one_attribution": (
        [
            "The rival plan was “a recipe for higher taxes” and “bad for small firms,” Ben "
            "Ortiz said."
        ],
        [("a recipe for higher taxes", "Ben Ortiz"), ("bad for small firms", "Ben Ortiz")],
    ),
    "pronoun_is_the_previous_paragraphs_speaker": (
        [
            "“The harvest was the best in a decade,” said Sara Lind, who farms by the river.",
            "“We will hire more hands next year,” she said.",
        ],
        [("The harvest was the best", "Sara Lind"), ("We will hire more hands", "Sara Lind")],
    ),
    "pronoun_without_antecedent": (
        ["The river flooded twice this spring.", "“We lost everything in the barn,” he said."],
        [("We lost everything in the barn", None)],
    ),
    "pronoun_after_someone_else_became_the_subject": (
        [
            "“Taxes must rise this year,” said Paul Kent.",
            "His opponent, Greta Holm, disagreed sharply.",
            "“That would ruin every small shop,” she said.",
        ],
        [("Taxes must rise", "Paul Kent"), ("That would ruin", None)],
    ),
    "pronoun_that_contradicts_the_earlier_one": (
        [
            "“We did our best out there,” said Alex Moreno.",
            "“I am proud of the whole team,” he said.",
            "“It was a long season for everyone,” she said.",
        ],
        [
            ("We did our best", "Alex Moreno"),
            ("I am proud of", "Alex Moreno"),
            ("It was a long season", None),
        ],
    ),
    "pronoun_in_the_same_paragraph_after_the_same_subject": (
        [
            "“Our format won the market,” said Ravi Shah. He denied any payment. “Customers "
            "decided it,” he said."
        ],
        [("Our format won the market", "Ravi Shah"), ("Customers decided it", "Ravi Shah")],
    ),
    "pronoun_in_the_same_paragraph_after_another_subject": (
        [
            "“Our format won the market,” said Ravi Shah. Rivals disputed that. “Customers "
            "decided it,” he said."
        ],
        [("Our format won the market", "Ravi Shah"), ("Customers decided it", None)],
    ),
    "pronoun_before_the_quote": (
        [
            "“Exports fell again in March,” said Hana Sato.",
            "She added: “Imports held up well all year.”",
        ],
        [("Exports fell again", "Hana Sato"), ("Imports held up well", "Hana Sato")],
    ),
    "quote_paragraph_then_attribution_line": (
        ["“Every seat on the last train was taken.”", "said Owen Price, a commuter."],
        [("Every seat on the last train", "Owen Price")],
    ),
    "quote_paragraph_then_dash_attribution_line": (
        ["“Nobody in this town gave up on the mill.”", "— Nora Blake, head of the union"],
        [("Nobody in this town", "Nora Blake")],
    ),
    "said_colon_paragraph_then_quote_paragraph": (
        [
            "In a statement, the chief executive, Ivo Marsh, said:",
            "“We will not close the plant this year.”",
        ],
        [("We will not close the plant", "Ivo Marsh")],
    ),
    "quote_paragraph_continues_the_previous_speaker": (
        ["“The roof leaked for years,” said Carla Diaz.", "“Nobody ever listened to us.”"],
        [("The roof leaked for years", "Carla Diaz"), ("Nobody ever listened", "Carla Diaz")],
    ),
    "an_answer_is_not_the_questioners": (
        [
            "“Where were you that night?” asked Lee Grant, the prosecutor.",
            "“At home with my family.”",
        ],
        [("Where were you that night?", "Lee Grant"), ("At home with my family", None)],
    ),
    "multi_paragraph_quote": (
        [
            "“The first winter was the hardest we had ever known,",
            "“but by spring the whole village was working again,” said Ines Roth.",
        ],
        [("The first winter was the hardest", "Ines Roth")],
    ),
    "continued_quote_keeps_its_first_paragraphs_attribution": (
        [
            "“We are done here,” he said. “Nobody listens to us anymore.",
            "“Enough is enough,” Lars Eng said.",
        ],
        [("We are done here", None), ("Nobody listens to us anymore.", None)],
    ),
    "no_run_on_without_an_opening_mark": (
        ["“The first winter was hard on us all", "and the village recovered,” said Ines Roth."],
        [("The first winter was hard on us all", None)],
    ),
    "role_credits_no_one": (
        ["Ivo Marsh runs the company.", "“The plant will close in May,” a company spokesman said."],
        [("The plant will close", None)],
    ),
    "role_of_a_named_person_credits_no_one": (
        [
            "Jane Doe was charged on Monday.",
            "“My client is innocent of all of it,” Doe’s lawyer said.",
        ],
        [("My client is innocent", None)],
    ),
    "body_named_with_a_possessive_is_credited_as_given": (
        [
            "Jane Doe met the envoy.",
            "In a statement, Norway’s Fisheries Agency said that “the quota will stay as it is.”",
        ],
        [("the quota will stay as it is", "Norway’s Fisheries Agency")],
    ),
    "spokesman_for_a_named_person": (
        ["“The senator will not resign,” a spokesman for Jane Doe said."],
        [("The senator will not resign", None)],
    ),
    "title_dropped_and_surname_widened": (
        [
            "“We will lower every fare,” said Prime Minister Jane Doe.",
            "Rail unions were not convinced.",
            "“Fares matter to every family,” Doe said.",
        ],
        [("We will lower every fare", "Jane Doe"), ("Fares matter to every family", "Jane Doe")],
    ),
    "surname_of_two_people_stays_a_surname": (
        [
            "Maria Lopez and her brother Carlos Lopez ran the farm for twenty years.",
            "“We sold the farm last winter,” Lopez said.",
        ],
        [("We sold the farm", "Lopez")],
    ),
    "role_then_name_appositive": (
        ["“Trains will run late all week,” the transport minister, Kofi Mensah, said."],
        [("Trains will run late", "Kofi Mensah")],
    ),
    "role_words_before_the_name": (
        ["“Prices are falling at last,” said bank economist Rita Vos."],
        [("Prices are falling at last", "Rita Vos")],
    ),
    "colon_introduces_the_next_speaker": (
        ["Anna Berg said: “We start work today.” Tom Hale said: “We start work tomorrow.”"],
        [("We start work today", "Anna Berg"), ("We start work tomorrow", "Tom Hale")],
    ),
    "reported_speech_after_a_full_stop_is_not_attribution": (
        ["“The figures are final and correct.” Mark Lowe said the audit would follow."],
        [("The figures are final", None)],
    ),
    "partial_quote_then_the_rest_of_the_sentence_and_its_speaker": (
        ["“We must read every line” of the new law, Sami Haddad said. “It is long.”"],
        [("We must read every line", "Sami Haddad"), ("It is long.", "Sami Haddad")],
    ),
    "surname_that_is_also_a_title": (
        ["“It is going to be a busy year for all of us,” King said."],
        [("It is going to be a busy year", "King")],
    ),
    "short_reply_then_the_same_speaker": (
        ["“Not yet,” Mr. Cole said as he closed the valve. “This is the easy part of it.”"],
        [("This is the easy part", "Cole")],
    ),
    "reported_speech_with_a_leading_phrase_after_a_full_stop": (
        ["“Prices doubled last year.” These days, Lena Park says, they are falling."],
        [("Prices doubled last year", None)],
    ),
    "whom_it_was_told_to_is_not_the_speaker": (
        [
            "Ivo Marsh, a guide at the institute in Bergen, Norway, told Polar Weekly that the ice "
            "was thin. “The boats stay in the harbour all week,” he said."
        ],
        [("The boats stay in the harbour", None)],
    ),
    "according_to": (
        ["“The dam is safe for now,” according to Eva Lind, who inspected it."],
        [("The dam is safe for now", "Eva Lind")],
    ),
    "capitalised_sentence_opener_is_not_part_of_the_name": (
        ["Although Ben Ortiz lost, he was calm.", "“When we lose, we learn,” Ortiz said."],
        [("When we lose, we learn", "Ben Ortiz")],
    ),
    "sentence_adverb_is_not_part_of_the_name": (
        ["Apparently Lindsey wrote: “The whole street has been shut since noon.”"],
        [("The whole street has been shut", "Lindsey")],
    ),
    "name_of_an_organisation_said": (
        ["“Demand will slow next year,” Katya Reyes of Northgate Capital said."],
        [("Demand will slow next year", "Katya Reyes")],
    ),
    "reported_speech_names_the_pronouns_speaker": (
        [
            "Katya Reyes of Northgate Capital said demand would slow.",
            "“Nobody is hiring this winter,” she said.",
        ],
        [("Nobody is hiring this winter", "Katya Reyes")],
    ),
    "source_credited_after_a_story_is_not_the_next_speaker": (
        [
            "Ivo Marsh and his guards stormed the studio on Monday, said Lena Park, a producer.",
            "“I apologise to the whole staff,” he told reporters.",
        ],
        [("I apologise to the whole staff", None)],
    ),
    "pronoun_after_an_opening_phrase": (
        [
            "The deal was signed, said Tom Forde, who follows the industry. In a few more years, "
            "he said, “nobody will remember the old firm.”"
        ],
        [("nobody will remember the old firm", "Tom Forde")],
    ),
    "previous_paragraph_about_a_known_speaker": (
        [
            "“We will win the vote,” said Lars Eng.",
            "Lars Eng, meanwhile, left the hall early.",
            "“I have nothing more to say,” he said.",
        ],
        [("We will win the vote", "Lars Eng"), ("I have nothing more to say", "Lars Eng")],
    ),
    "previous_paragraph_about_someone_not_yet_quoted": (
        [
            "“We will win the vote,” said Lars Eng.",
            "Ove Berg left the hall early.",
            "“I have nothing more to say,” he said.",
        ],
        [("We will win the vote", "Lars Eng"), ("I have nothing more to say", None)],
    ),
    "scare_quote_does_not_cut_the_attribution": (
        ['Mr. Holm said the plan was "reckless" and would "leave every town worse off."'],
        [("leave every town worse off", "Holm")],
    ),
}


def _story(paragraphs: list[str]) -> Story:
    version = Version("v", "v.txt", (1, 1), None, None, None, None, paragraphs, canonical=True)
    return Story("s", "t", [version])


@pytest.mark.parametrize("name", list(CASES))
def test_speaker(name: str) -> None:
    paragraphs, expected = CASES[name]
    found = [(q.text, q.speaker) for q in story_quotes(_story(paragraphs))]
    assert len(found) == len(expected), found
    for (text, speaker), (start, want) in zip(found, expected, strict=True):
        assert text.startswith(start), found
        assert speaker == want, (text, speaker, want)
