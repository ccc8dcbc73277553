"""The plan handed to a person (Markdown or a web page) shows partner and imported text word for word: nothing
in it becomes a link, an image, HTML, emphasis, a heading, a list or a quote."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt

from liferooms_tui.db.models import Partner
from liferooms_tui.db.outbox import save
from liferooms_tui.dropin import conversations, people, plan_export, prescriptions
from liferooms_tui.safetext import markdown_text

ATTACK = "[Call us now](http://evil.example) ![x](http://evil.example/t.png)"
HOSTILE = [
    ATTACK,
    "<http://evil.example> <a href='http://evil.example'>here</a> <img src=x onerror=alert(1)> <script>x</script>",
    "http://evil.example/a https://evil.example www.evil.example evil.com //evil.com ann@evil.example "
    "mailto:ann@evil.example",
    "[ref]: http://evil.example\n[ref]",
    "# Heading\n> quote\n- item\n+ item\n* item\n1. one\n2) two\n---\n===\n    code\n```\nfence\n```\n~~~",
    "*em* **strong** _u_ ~~gone~~ `code` a | b\n--- | ---\n&lt;b&gt; &#60;i&#62; \\[x\\](http://evil.example)",
]


def markdown_renderers():
    commonmark = MarkdownIt("commonmark")
    gfm = MarkdownIt("gfm-like")  # tables, strikethrough and bare web addresses made links (linkify)
    gfm.linkify.set({"fuzzy_email": True, "fuzzy_link": True})
    return [commonmark, gfm]


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.tags += [f"{tag}[{name}]" for name, _ in attrs]  # an href or src shows as a[href], img[src]


def tags_in(page: str) -> list[str]:
    parser = Tags()
    parser.feed(page)
    return parser.tags


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_stays_one_paragraph_of_words(text):
    for md in markdown_renderers():
        page = md.render(markdown_text(text))
        assert set(tags_in(page)) <= {"p"}, (text, page)


def test_the_words_are_kept():
    shown = MarkdownIt("commonmark").render(markdown_text(ATTACK))
    assert shown == ("<p>[Call us now](http://evil.example) ![x](http://evil.example/t.png)</p>\n")
    plain = "Tue 10:00-12:00 at the Hall (L20), 0151 496 0999"
    assert markdown_text(plain) == plain  # ordinary text reads as it is


@pytest.fixture
def hostile_plan(session, actor):
    partner = Partner(name=f"Evil {ATTACK}", description=ATTACK + "\n# Free money\n> quote", needs=["wellbeing"],
                      delivered_at="<img src=x>", schedule="1. Monday", contact_name="[Ann](http://evil.example)",
                      contact_email="ann@evil.example", contact_phone="www.evil.example", source="import")
    save(session, actor, partner)
    person = people.add_person(session, actor, "Jo [x](http://evil.example)", consent_store=True, consent_share=True)
    talk = conversations.start_conversation(session, actor, person.id)
    plan = prescriptions.prescription_for(session, actor, talk.id)
    item = prescriptions.add_item(session, actor, plan.id, partner_id=partner.id, goal="<b>go</b> *twice*")
    prescriptions.set_agreed(session, actor, item.id, True)
    own = prescriptions.add_item(session, actor, plan.id, activity="![t](http://evil.example/t.png)", goal="- walk")
    prescriptions.set_agreed(session, actor, own.id, True)
    return plan_export.plan_view(session, actor, talk.id, agreed_only=True)


def test_markdown_plan_has_no_link_image_or_markup_from_partner_text(hostile_plan):
    text = plan_export.render_markdown(hostile_plan)
    for md in markdown_renderers():
        page = md.render(text)
        # Only the plan's own shape: its title, one heading per item, their facts as a list, the closing rule.
        assert set(tags_in(page)) <= {"h1", "h2", "p", "ul", "li", "strong", "hr"}, page
        assert len(re.findall("<h2>", page)) == 2 and "<h1>" in page and page.count("<h1>") == 1
        assert "[Call us now](http://evil.example)" in page and "# Free money" in page  # the words are all there


def test_web_plan_has_no_link_image_or_markup_from_partner_text(hostile_plan):
    page = plan_export.render_html(hostile_plan)
    tags = tags_in(page)
    assert set(tags) <= {"html", "head", "meta", "meta[charset]", "html[lang]", "title", "style", "body", "h1", "p",
                         "hr", "section", "h2", "dl", "dt", "dd"}, tags
    assert "&lt;img src=x&gt;" in page and "evil.example" in page
