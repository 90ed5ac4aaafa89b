"""Markdown front matter: parsed into metadata, the text after it analysed (offsets from there)."""

from claimgraph.inputs import read_one
from claimgraph.sources import Article, read_sources
from claimgraph.sources.front_matter import parse_front_matter

ARTICLE = ("---\n"
           "title: \"Kyiv rejects Moscow's accusations\"\n"
           "outlet: Kyiv Independent\n"
           "source_domain: kyivindependent.com\n"
           "url: https://kyivindependent.com/kyiv-rejects\n"
           "date: 2024-03-24\n"
           "authors: Jane Doe, John Roe\n"
           "# a comment line is skipped\n"
           "tags: ignored\n"
           "---\n\n"
           "Kyiv denied any involvement, officials said.\n")


def test_fields_and_where_the_text_starts():
    fm = parse_front_matter(ARTICLE)
    assert fm is not None
    assert fm.fields["title"] == "Kyiv rejects Moscow's accusations"  # quotes removed
    assert fm.fields["site_name"] == "Kyiv Independent"
    assert fm.fields["date_publish"] == "2024-03-24"
    assert fm.authors == ("Jane Doe", "John Roe")
    assert ARTICLE[fm.body_start:] == "Kyiv denied any involvement, officials said.\n"


def test_a_horizontal_rule_or_prose_is_not_front_matter():
    assert parse_front_matter("---\n\nA rule above a paragraph.\n---\nText") is None
    assert parse_front_matter("---\nThis is prose, not metadata: it has spaces in the key\n---\n") is None
    assert parse_front_matter("Text first.\n---\ntitle: x\n---\n") is None
    assert parse_front_matter("---\nunknown: key\n---\nText") is None


def test_sources_and_extract_read_the_same_article(tmp_path):
    path = tmp_path / "2024-03-24-kyiv.md"
    path.write_text(ARTICLE, encoding="utf-8")
    (article,) = list(read_sources([str(path)]))
    assert isinstance(article, Article)
    assert article.text == "Kyiv denied any involvement, officials said.\n"
    assert (article.title, article.site_name, article.source_domain, article.date_publish) == (
        "Kyiv rejects Moscow's accusations", "Kyiv Independent", "kyivindependent.com", "2024-03-24")
    assert article.authors == ("Jane Doe", "John Roe")
    text_input = read_one(str(path))
    assert text_input.text == article.text
    assert text_input.meta.outlet == "kyivindependent.com" and text_input.meta.published == "2024-03-24"


def test_front_matter_with_no_text_after_it_is_an_error(tmp_path):
    path = tmp_path / "empty.md"
    path.write_text("---\ntitle: Nothing\n---\n\n", encoding="utf-8")
    (error,) = list(read_sources([str(path)]))
    assert not isinstance(error, Article) and "no article text" in error.reason
    assert "no article text" in read_one(str(path)).reason
