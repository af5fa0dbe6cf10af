"""The pages cite the five articles by their titles, never as "seed" articles: the lessons'
index names each with its English title and what it covers, and every lesson names the
articles it draws on."""

import pytest

from app.lessons.articles import ARTICLES
from app.lessons.registry import LESSONS


def test_the_index_lists_every_lesson_and_every_article_with_what_it_covers(client):
    html = client.get("/lessons").text
    for lesson in LESSONS:
        assert f'href="/lessons/{lesson.slug}"' in html
    for a in ARTICLES.values():
        assert a.title in html and a.english.replace("'", "&#39;") in html
        assert a.covers.split(",")[0] in html


@pytest.mark.parametrize("slug", [lesson.slug for lesson in LESSONS])
def test_each_lesson_names_its_articles_by_title(client, slug):
    lesson = next(entry for entry in LESSONS if entry.slug == slug)
    html = client.get(f"/lessons/{slug}").text
    assert lesson.articles, "a lesson says where it comes from"
    for key in lesson.articles:
        assert f'<cite lang="zh">{ARTICLES[key].title}</cite>' in html


@pytest.mark.parametrize("path", ["/", "/lessons", "/docs"] + [f"/lessons/{lesson.slug}" for lesson in LESSONS])
def test_no_page_calls_them_seed_articles(client, path):
    text = client.get(path).text.lower()
    assert "seed article" not in text and "seed 00" not in text
    assert "article 00" not in text  # an article is named by its title, not our file number
