"""Sources: real files of every kind written to tmp_path and read back through
`read_sources` (trafilatura, warcio, feedparser and charset-normalizer all real)."""

from __future__ import annotations

import gzip
import hashlib
import io
import json

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claimgraph.sources import Article, SourceError, read_sources
from claimgraph.sources.boilerplate import remove_boilerplate_lines
from claimgraph.sources.dates import normalise_date
from claimgraph.sources.links import url_key

PARA1 = ("Russian President Vladimir Putin said on Saturday that the gunmen who attacked the "
         "Crocus City Hall had tried to flee towards Ukraine, a claim Kyiv rejected as absurd.")
PARA2 = ("\u201cThey tried to hide and moved towards Ukraine,\u201d Putin said in a televised "
         "address, without offering evidence for the claim.")
PARA3 = ("Ukrainian officials denied any involvement, and presidential adviser Mykhailo Podolyak "
         "wrote that Kyiv had nothing to do with the attack.")


def page_html(title="Putin blames Ukraine for concert hall attack", url=None, body=None,
              charset="utf-8", extra_head="") -> str:
    canonical = f'<link rel="canonical" href="{url}">' if url else ""
    body = body or f"<p>{PARA1}</p>\n<p>Share this article</p>\n<p>{PARA2}</p>\n<p>{PARA3}</p>"
    return f"""<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="{charset}"><title>{title} | The Daily Planet</title>
{canonical}
<meta property="og:site_name" content="The Daily Planet">
<meta property="og:title" content="{title}">
<meta name="author" content="Jane Smith">
<meta property="article:published_time" content="2024-03-23T14:05:00Z">
<meta name="description" content="The Kremlin blamed Kyiv.">
{extra_head}
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<article><h1>{title}</h1>
{body}
</article>
<footer><p>Exit mobile version</p><p>We use cookies to improve your experience on our site.</p></footer>
</body></html>"""


def read_all(paths, stdin=None) -> list[Article | SourceError]:
    return list(read_sources([str(p) for p in paths], stdin=stdin))


def articles(results):
    return [r for r in results if isinstance(r, Article)]


def errors(results):
    return [r for r in results if isinstance(r, SourceError)]


def only(results, kind):
    found = [r for r in results if isinstance(r, kind)]
    assert len(found) == 1, results
    return found[0]


# -- text and Markdown ----------------------------------------------------------------------

def test_text_file_is_read_as_is_with_stable_id_and_raw_hash(tmp_path):
    raw = "First line.\r\n\r\n  Indented \u201cquote\u201d line.\n".encode("utf-8")
    path = tmp_path / "crocus-attribution.txt"
    path.write_bytes(raw)
    first = only(read_all([path]), Article)
    assert first.text == raw.decode("utf-8")  # unchanged: \r\n and spaces kept
    assert first.id == "crocus-attribution" and first.format == "txt"
    assert first.location == str(path)
    assert first.sha256 == hashlib.sha256(raw).hexdigest()
    assert first.encoding == "utf-8" and first.notes == ()
    assert only(read_all([path]), Article) == first  # same input, same article


def test_markdown_title_from_first_heading(tmp_path):
    path = tmp_path / "note.md"
    path.write_text("# Kremlin blames Kyiv\n\nBody text of the note.\n", encoding="utf-8")
    art = only(read_all([path]), Article)
    assert art.format == "md" and art.title == "Kremlin blames Kyiv"
    assert art.text.startswith("# Kremlin")


@pytest.mark.parametrize("encoding, guessed", [("cp1252", "cp1252"), ("latin-1", "cp1252"),
                                               ("utf-16", "utf-16")])
def test_other_encodings_are_detected_and_recorded(tmp_path, encoding, guessed):
    text = ("Caf\u00e9 owners in Z\u00fcrich called the plan na\u00efve, the minister\u2019s "
            "aide said.\n" if encoding != "latin-1" else
            "Caf\u00e9 owners in Z\u00fcrich called the plan na\u00efve, the aide said.\n") * 3
    raw = text.encode(encoding)
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(raw)
    art = only(read_all([path]), Article)
    assert art.text == text
    assert art.encoding.startswith(guessed)
    assert any(guessed in note for note in art.notes)
    assert art.sha256 == hashlib.sha256(raw).hexdigest()


def test_empty_binary_and_whitespace_files_are_errors_with_reasons(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"  \n\n")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (tmp_path / "blob.bin").write_bytes(bytes(range(256)) * 40)
    results = read_all(sorted(tmp_path.iterdir()))
    assert [type(r) for r in results] == [SourceError] * 4
    reasons = {r.location.rsplit("/", 1)[-1]: r.reason for r in results}
    assert reasons["empty.txt"] == "empty file"
    assert "only whitespace" in reasons["blank.txt"]
    assert "binary" in reasons["image.txt"] and "PNG" in reasons["image.txt"]
    assert "binary" in reasons["blob.bin"]


def test_file_over_the_size_limit_is_refused_from_its_size(tmp_path, monkeypatch):
    from claimgraph.sources import dispatch

    monkeypatch.setattr(dispatch, "MAX_BYTES", 1000)  # the real limit is 50 MB
    path = tmp_path / "dump.html"
    path.write_bytes(b"<html>" + b"x" * 5000)
    err = only(read_all([path]), SourceError)
    assert err.location == str(path) and "too large" in err.reason


def test_missing_file_is_an_error_and_the_run_goes_on(tmp_path):
    (tmp_path / "ok.txt").write_text("Some text here.", encoding="utf-8")
    results = read_all([tmp_path / "missing.txt", tmp_path / "ok.txt"])
    assert isinstance(results[0], SourceError) and results[0].reason == "no such file"
    assert isinstance(results[1], Article)


# -- HTML -------------------------------------------------------------------------------------

def test_html_page_text_metadata_and_boilerplate(tmp_path):
    raw = page_html(url="https://www.dailyplanet.example/world/putin-blames").encode("utf-8")
    path = tmp_path / "putin.html"
    path.write_bytes(raw)
    art = only(read_all([path]), Article)
    assert art.id == "putin" and art.format == "html"
    assert PARA1 in art.text and PARA2 in art.text and PARA3 in art.text
    for junk in ("Share this article", "Exit mobile version", "cookies", "Home"):
        assert junk not in art.text
    assert art.title == "Putin blames Ukraine for concert hall attack"
    assert art.url == "https://www.dailyplanet.example/world/putin-blames"
    assert art.source_domain == "www.dailyplanet.example"
    assert art.site_name == "The Daily Planet"
    assert art.date_publish == "2024-03-23T14:05:00+00:00"
    assert art.date_publish_raw == "2024-03-23T14:05:00Z"
    assert art.language == "en"
    assert art.authors == ("Jane Smith",)
    assert art.description == "The Kremlin blamed Kyiv."
    assert art.sha256 == hashlib.sha256(raw).hexdigest()
    assert any("boilerplate" in n for n in art.notes)
    assert only(read_all([path]), Article) == art


def test_html_in_cp1252_declared_by_meta_charset(tmp_path):
    body = "<p>The caf\u00e9 owner\u2019s claim \u2014 that the mayor lied \u2014 was denied by the city hall spokesman on Monday.</p>"
    raw = page_html(body=body, charset="windows-1252").encode("cp1252")
    path = tmp_path / "cafe.htm"
    path.write_bytes(raw)
    art = only(read_all([path]), Article)
    assert "caf\u00e9 owner\u2019s claim \u2014 that the mayor lied" in art.text
    assert art.encoding == "cp1252"


def test_navigation_only_page_is_an_error(tmp_path):
    path = tmp_path / "menu.html"
    path.write_text("<html><head><title>Menu</title></head><body><nav><ul>"
                    "<li><a href='/'>Home</a></li><li><a href='/a'>About us</a></li>"
                    "<li><a href='/c'>Contact</a></li></ul></nav></body></html>", encoding="utf-8")
    err = only(read_all([path]), SourceError)
    assert err.location == str(path) and "no extractable text" in err.reason


def test_boilerplate_patterns_keep_news_sentences():
    text, removed = remove_boilerplate_lines(
        "Exit mobile version\nTweet | Email | Print\nUsers must accept cookies, the regulator said.\n"
        "\u00a9 2024 Daily Planet Ltd\nThe minister said so.")
    assert text == "Users must accept cookies, the regulator said.\nThe minister said so."
    assert removed == 3


def test_dates_normalise_without_inventing_precision():
    assert normalise_date("2024-03-23") == "2024-03-23"
    assert normalise_date("Sat, 23 Mar 2024 14:05:00 GMT") == "2024-03-23T14:05:00+00:00"
    assert normalise_date("2024-03-23 14:05:00") == "2024-03-23T14:05:00"
    assert normalise_date("March 23, 2024") == "2024-03-23"
    assert normalise_date("not a date at all") is None


# -- JSON Lines ---------------------------------------------------------------------------------

def test_json_lines_fields_variants_and_bad_lines(tmp_path):
    lines = [
        json.dumps({"maintext": PARA1, "title": "Putin speaks", "url": "https://www.example.com/a",
                    "source_domain": "www.example.com", "date_publish": "2024-03-23 14:05:00",
                    "language": "en", "authors": ["Jane Smith", "Bob Lee"], "description": "Summary."}),
        "",
        '{"maintext": "broken line", "title": ',
        json.dumps({"content": PARA2, "headline": "Kyiv replies", "link": "https://kyiv.example/b",
                    "published": "Sat, 23 Mar 2024 15:00:00 GMT", "source": {"name": "Wire Service"},
                    "author": "Ann Roe"}),
        json.dumps({"title": "no text here", "url": "https://x.example/c"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"body": "<div><p>" + PARA3 + "</p><p>Share this article</p></div>", "outlet": "kyiv.example"}),
    ]
    raw = ("\n".join(lines) + "\n").encode("utf-8")
    path = tmp_path / "dump.jsonl"
    path.write_bytes(raw)
    results = read_all([path])
    assert [type(r).__name__ for r in results] == [
        "Article", "SourceError", "Article", "SourceError", "SourceError", "Article"]
    a, broken, b, notext, array, html = results
    assert a.id == "dump-line1" and a.location == f"{path}#line=1" and a.format == "jsonl"
    assert a.text == PARA1 and a.title == "Putin speaks" and a.authors == ("Jane Smith", "Bob Lee")
    assert a.date_publish == "2024-03-23T14:05:00" and a.date_publish_raw == "2024-03-23 14:05:00"
    assert a.source_domain == "www.example.com" and a.language == "en" and a.description == "Summary."
    assert a.sha256 == hashlib.sha256(raw.split(b"\n")[0] + b"\n").hexdigest()
    assert broken.location == f"{path}#line=3" and "not valid JSON" in broken.reason
    assert b.id == "dump-line4" and b.text == PARA2 and b.title == "Kyiv replies"
    assert b.url == "https://kyiv.example/b" and b.source_domain == "kyiv.example"
    assert b.site_name == "Wire Service" and b.authors == ("Ann Roe",)
    assert b.date_publish == "2024-03-23T15:00:00+00:00"
    assert notext.location == f"{path}#line=5" and "no article text" in notext.reason
    assert array.location == f"{path}#line=6" and "array" in array.reason
    assert html.text == PARA3 and html.source_domain == "kyiv.example"
    assert [r.id for r in articles(read_all([path]))] == ["dump-line1", "dump-line4", "dump-line7"]


def test_json_file_with_an_array_of_objects(tmp_path):
    path = tmp_path / "export.json"
    path.write_text(json.dumps([{"text": PARA1, "title": "A"}, {"title": "B"}], indent=2), encoding="utf-8")
    results = read_all([path])
    assert isinstance(results[0], Article) and results[0].id == "export-item1" and results[0].text == PARA1
    assert isinstance(results[1], SourceError) and results[1].location == f"{path}#item=2"


# -- WARC ---------------------------------------------------------------------------------------

def write_warc(path, gz: bool, pages) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    writer.write_record(writer.create_warcinfo_record(path.name, {"software": "claimgraph tests"}))
    for url, html, content_type, status in pages:
        http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            url, "response", payload=io.BytesIO(html), http_headers=http))
        writer.write_record(writer.create_warc_record(
            url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"),
            warc_content_type="application/http; msgtype=request"))
    data = buf.getvalue()
    path.write_bytes(data)
    return data


def crawl_pages():
    return [
        ("https://www.dailyplanet.example/one", page_html("First story").encode("utf-8"),
         "text/html; charset=utf-8", "200 OK"),
        ("https://www.dailyplanet.example/logo.png", b"\x89PNG\r\n\x1a\nxxxx", "image/png", "200 OK"),
        ("https://www.dailyplanet.example/old", b"<html>moved</html>", "text/html", "301 Moved Permanently"),
        ("https://www.dailyplanet.example/two",
         page_html("Second story", body=f"<p>{PARA3}</p>", charset="iso-8859-1").encode("cp1252"),
         "text/html; charset=ISO-8859-1", "200 OK"),
        ("https://www.dailyplanet.example/menu",
         b"<html><body><nav><a href='/'>Home</a> <a href='/b'>About</a></nav></body></html>",
         "text/html", "200 OK"),
    ]


@pytest.mark.parametrize("gz", [True, False])
def test_warc_html_responses_become_articles(tmp_path, gz):
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    write_warc(path, gz, crawl_pages())
    results = read_all([path])
    first, second, menu = results
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.format == "warc" and first.id == "crawl-rec1"
    assert first.location.startswith(f"{path}#offset=") and first.title == "First story"
    assert first.url == "https://www.dailyplanet.example/one"  # the target URI: no canonical
    assert PARA1 in first.text and "Share this article" not in first.text
    assert first.date_publish_raw == "2024-03-23T14:05:00Z" and first.site_name == "The Daily Planet"
    assert second.id == "crawl-rec7" and second.text.endswith(PARA3) and second.encoding == "cp1252"
    assert isinstance(menu, SourceError) and "no extractable text" in menu.reason
    assert menu.location.startswith(f"{path}#offset=")
    # the payload's hash, and the same ids and offsets on a second read
    payload = crawl_pages()[0][1]
    assert first.sha256 == hashlib.sha256(payload).hexdigest()
    assert read_all([path]) == results
    # each location's offset re-reads the record it names
    offset = int(first.location.rsplit("=", 1)[1])
    with open(path, "rb") as f:
        f.seek(offset)
        head = f.read(64)
    assert (gzip.decompress(path.read_bytes()[offset:])[:5] if gz else head[:5]) == b"WARC/"


def record_offsets(data: bytes) -> list[int]:
    from warcio.archiveiterator import ArchiveIterator

    iterator = ArchiveIterator(io.BytesIO(data))
    return [iterator.get_record_offset() for _ in iterator]


@pytest.mark.parametrize("gz", [True, False])
def test_truncated_warc_keeps_what_was_read_before(tmp_path, gz):
    full = tmp_path / "full.warc"
    data = write_warc(full, gz, crawl_pages())
    good = articles(read_all([full]))
    cut_path = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    # cut inside the second page's record, then at many other points: never an exception,
    # always a reason, and the articles before the cut are kept
    second_offset = int(good[1].location.rsplit("=", 1)[1])
    # A cut exactly between two records (or in the blank lines that end one) leaves a valid,
    # shorter WARC: those points are not truncations.
    boundaries = record_offsets(data)
    cuts = [c for c in range(300, len(data) - 40, 97)
            if not any(0 <= c - b <= 4 for b in boundaries)]
    for cut in [second_offset + 200, *cuts]:
        cut_path.write_bytes(data[:cut])
        results = read_all([cut_path])
        errs = errors(results)
        assert errs, cut
        last = errs[-1]
        assert last.location.startswith(f"{cut_path}#offset=") or last.location == str(cut_path)
        assert any(w in last.reason for w in ("truncated", "corrupt", "unreadable", "no HTML")), last
        kept = articles(results)
        assert [a.text for a in kept] == [a.text for a in good[:len(kept)]]
    cut_path.write_bytes(data[:second_offset + 200])
    results = read_all([cut_path])
    assert [a.title for a in articles(results)] == ["First story"]
    assert errors(results)[-1].location == f"{cut_path}#offset={second_offset}"


def test_corrupt_gzip_and_non_warc_gzip(tmp_path):
    data = write_warc(tmp_path / "ok.warc.gz", True, crawl_pages())
    corrupt = tmp_path / "corrupt.warc.gz"
    corrupt.write_bytes(data[:30] + b"\x00garbage" * 20 + data[200:])
    err = errors(read_all([corrupt]))
    assert err and "corrupt" in err[-1].reason and err[-1].location.startswith(str(corrupt))
    other = tmp_path / "notes.gz"
    other.write_bytes(gzip.compress(b"just some text"))
    assert "not a WARC" in only(read_all([other]), SourceError).reason


def test_warc_without_html_pages_is_reported(tmp_path):
    path = tmp_path / "images.warc.gz"
    write_warc(path, True, [crawl_pages()[1]])
    err = only(read_all([path]), SourceError)
    assert err.location == str(path) and "no HTML pages" in err.reason


# -- feeds --------------------------------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Daily Planet World</title><link>https://www.dailyplanet.example/</link>
<language>en-us</language>
<item><title>Full item</title><link>https://www.dailyplanet.example/full</link>
<pubDate>Sat, 23 Mar 2024 14:05:00 GMT</pubDate><dc:creator>Jane Smith</dc:creator>
<description>Short summary.</description>
<content:encoded><![CDATA[<p>{p1}</p><p>Share this article</p><p>{p2}</p>]]></content:encoded></item>
<item><title>Linked item</title><link>https://dailyplanet.example/one/?utm_source=rss</link>
<pubDate>Sun, 24 Mar 2024 09:00:00 GMT</pubDate>
<description>Only a teaser for the first story.</description></item>
<item><title>Page in folder</title><link>https://elsewhere.example/news/local-story.html</link>
<description>Teaser for the local story.</description></item>
<item><title>Lonely item</title><link>https://nowhere.example/x</link>
<description>Only a teaser.</description></item>
<item><title>Empty item</title></item>
</channel></rss>""".format(p1=PARA1, p2=PARA2)

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en"><title>Wire</title>
<id>urn:wire</id><updated>2024-03-23T10:00:00Z</updated>
<entry><title>Atom story</title><link href="https://wire.example/a"/><id>urn:a</id>
<updated>2024-03-23T10:00:00Z</updated><published>2024-03-22T09:00:00Z</published>
<author><name>Bob Lee</name></author>
<content type="html">&lt;p&gt;{p3}&lt;/p&gt;</content></entry>
</feed>""".format(p3=PARA3)


def test_rss_items_full_content_linked_pages_and_errors(tmp_path):
    # the feed is read after the crawl and the page in its folder, whatever the order given
    write_warc(tmp_path / "crawl.warc.gz", True, crawl_pages()[:1])
    (tmp_path / "local-story.html").write_text(page_html("Local story", body=f"<p>{PARA3}</p>"),
                                               encoding="utf-8")
    feed = tmp_path / "world.rss"
    feed.write_text(RSS, encoding="utf-8")
    results = read_all([feed, tmp_path / "crawl.warc.gz", tmp_path / "local-story.html"])
    assert [type(r).__name__ for r in results[:2]] == ["Article", "Article"]  # crawl, page
    full, linked, local, lonely, empty = results[2:]
    assert full.id == "world-item1" and full.location == f"{feed}#item=1" and full.format == "rss"
    assert PARA1 in full.text and PARA2 in full.text and "Share this article" not in full.text
    assert full.title == "Full item" and full.authors == ("Jane Smith",) and full.language == "en"
    assert full.date_publish == "2024-03-23T14:05:00+00:00"
    assert full.date_publish_raw == "Sat, 23 Mar 2024 14:05:00 GMT"
    assert full.site_name == "Daily Planet World" and full.description == "Short summary."
    assert isinstance(linked, Article) and PARA1 in linked.text  # the WARC page, matched by URL
    assert linked.title == "Linked item" and linked.id == "world-item2"
    assert linked.sha256 == hashlib.sha256(crawl_pages()[0][1]).hexdigest()
    assert any("crawl.warc.gz#offset=" in n for n in linked.notes)
    assert isinstance(local, Article) and local.text.endswith(PARA3)  # by file name, in the folder
    assert isinstance(lonely, SourceError) and lonely.location == f"{feed}#item=4"
    assert "only a summary" in lonely.reason and "https://nowhere.example/x" in lonely.reason
    assert isinstance(empty, SourceError) and empty.reason == "item with no text"
    assert read_all([feed, tmp_path / "crawl.warc.gz", tmp_path / "local-story.html"]) == results


def test_atom_feed_and_broken_feed(tmp_path):
    atom = tmp_path / "wire.atom"
    atom.write_text(ATOM, encoding="utf-8")
    broken = tmp_path / "broken.xml"
    broken.write_text("<?xml version='1.0'?><rss><channel><ti", encoding="utf-8")
    results = read_all([atom, broken])
    art, err = results
    assert art.format == "atom" and art.text == PARA3 and art.authors == ("Bob Lee",)
    assert art.date_publish == "2024-03-22T09:00:00+00:00" and art.language == "en"
    assert art.sha256 == hashlib.sha256(f"<p>{PARA3}</p>".encode()).hexdigest()
    assert err.location == str(broken) and "broken feed XML" in err.reason


# -- directories and stdin --------------------------------------------------------------------------

def test_directory_walk_sniffs_unknown_extensions_and_skips_assets(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "a.txt").write_text("Plain text article body.", encoding="utf-8")
    (tmp_path / "sub" / "page.php").write_text(page_html("Sniffed page"), encoding="utf-8")
    (tmp_path / "sub" / "export").write_text(json.dumps({"text": PARA2}) + "\n", encoding="utf-8")
    (tmp_path / "sub" / "style.css").write_text("body { color: red }", encoding="utf-8")
    (tmp_path / ".hidden" / "secret.txt").write_text("not read", encoding="utf-8")
    write_warc(tmp_path / "sub" / "crawl.bin", True, crawl_pages()[:1])
    results = read_all([tmp_path])
    assert all(isinstance(r, Article) for r in results), results
    assert [(r.id, r.format) for r in results] == [
        ("a", "txt"), ("crawl-rec1", "warc"), ("export-line1", "jsonl"), ("page", "html")]


def test_stdin_is_sniffed(tmp_path):
    html = page_html("From stdin").encode("utf-8")
    art = only(read_all(["-"], stdin=io.BytesIO(html)), Article)
    assert art.id == "stdin" and art.format == "html" and art.location == "<stdin>"
    assert art.sha256 == hashlib.sha256(html).hexdigest()
    text = only(read_all(["-"], stdin=io.BytesIO(b"Just text.")), Article)
    assert text.format == "stdin" and text.text == "Just text."
    data = write_warc(tmp_path / "x.warc.gz", True, crawl_pages()[:1])
    warc = only(read_all(["-"], stdin=io.BytesIO(data)), Article)
    assert warc.id == "stdin-rec1" and warc.location.startswith("<stdin>#offset=")
    twice = read_all(["-", "-"], stdin=io.BytesIO(b"Once."))
    assert isinstance(twice[0], Article) and "named twice" in twice[1].reason


def test_url_matching_rules():
    assert url_key("https://www.Example.com/a/?utm_source=x#top") == url_key("http://example.com/a")
    assert url_key("https://example.com/a/index.html") == url_key("https://example.com/a")
    assert url_key("https://example.com/a?id=2") != url_key("https://example.com/a?id=3")


def test_reading_is_lazy(tmp_path):
    (tmp_path / "a.txt").write_text("First.", encoding="utf-8")
    stream = read_sources([str(tmp_path / "a.txt"), str(tmp_path / "later.txt")])
    assert isinstance(next(stream), Article)
    (tmp_path / "later.txt").write_text("Written after the first was read.", encoding="utf-8")
    assert next(stream).text == "Written after the first was read."


def test_oversized_json_line_is_skipped_and_the_next_line_read(tmp_path, monkeypatch):
    from claimgraph.sources import jsonl

    monkeypatch.setattr(jsonl, "MAX_BYTES", 200)  # the real limit is 50 MB
    path = tmp_path / "big.jsonl"
    path.write_text(json.dumps({"text": "x " * 400}) + "\n" + json.dumps({"text": "Small one."}) + "\n",
                    encoding="utf-8")
    big, small = read_all([path])
    assert isinstance(big, SourceError) and big.location == f"{path}#line=1" and "too large" in big.reason
    assert isinstance(small, Article) and small.id == "big-line2" and small.text == "Small one."


def test_feed_description_long_enough_to_be_the_article(tmp_path):
    long_text = " ".join([PARA1, PARA2, PARA3] * 4)  # well over 150 words
    feed = tmp_path / "plain.rss"
    feed.write_text(f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Plain</title>
<item><title>Whole story</title><link>https://plain.example/1</link>
<description><![CDATA[<p>{long_text}</p>]]></description></item>
<item><title>Teaser</title><link>https://plain.example/2</link>
<description>Putin spoke on Saturday.</description></item></channel></rss>""", encoding="utf-8")
    whole, teaser = read_all([feed])
    assert isinstance(whole, Article) and whole.text == long_text
    assert any("description" in n for n in whole.notes)
    assert isinstance(teaser, SourceError) and "only a summary" in teaser.reason


def test_page_text_is_the_body_without_the_headline(tmp_path):
    path = tmp_path / "p.html"
    path.write_text(page_html("Putin blames Ukraine"), encoding="utf-8")
    art = only(read_all([path]), Article)
    assert art.title == "Putin blames Ukraine" and art.text.startswith(PARA1)
