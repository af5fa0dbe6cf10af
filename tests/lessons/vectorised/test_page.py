"""The vectorised lesson in a browser: the shapes, the assertions, the loop beside the matrices, a step."""

from tests.lessons.facade import Lesson


def shapes(lesson: Lesson) -> dict[str, list[int]]:
    return {a["name"]: a["shape"] for a in lesson.fact("arrays")}


def test_the_notes_shapes_hold_and_the_loop_agrees(guarded, live_server, artifacts):
    lesson = Lesson.open(guarded, live_server, "vectorised")
    assert shapes(lesson) == {"X": [2, 160], "Y": [1, 160], "w": [2, 1], "b": [], "Z": [1, 160], "A": [1, 160],
                              "dZ": [1, 160], "J": [], "dw": [2, 1], "db": [], "w_new": [2, 1], "b_new": []}
    assert all(a["holds"] for a in lesson.fact("asserts"))
    compare = lesson.fact("compare")
    assert compare["all_right"] and compare["max_difference"] < 1e-13
    assert compare["seconds"]["loop"] > 0 and compare["seconds"]["vectorised"] > 0
    rows = guarded.locator("#arrays tbody tr").all_inner_texts()
    assert rows[0].startswith("X\t(2, 160)\t(2, 160)\t320")
    assert guarded.locator("#compare tbody tr").count() == 2
    assert "The largest difference is" in guarded.text_content("#compare-note")
    guarded.screenshot(path=str(artifacts / "vectorised-right.png"), full_page=True)


def test_a_rank_one_w_broadcasts_and_the_assertion_says_so(guarded, live_server, artifacts):
    lesson = Lesson.open(guarded, live_server, "vectorised")
    guarded.select_option("#w_shape", "rank1")
    lesson.fact("compare", "c => !c.all_right")
    assert shapes(lesson)["w_new"] == [2, 2] and shapes(lesson)["Z"] == [160]
    failed = [a["code"] for a in lesson.fact("asserts") if not a["holds"]]
    assert "assert w_new.shape == (2, 1)" in failed
    assert guarded.locator("#asserts li.wrong").count() == len(failed)
    assert guarded.locator("#arrays td.wrong").count() == 4  # w, Z, A and w − α·dw are not the notes' shapes
    note = guarded.text_content("#shape-note")
    assert note.startswith("w_new came out (2, 2), not (2, 1): 4 numbers where 2 belong") and "raised nothing" in note
    assert guarded.locator("#take-step").is_disabled() and "w_shape=rank1" in guarded.url
    guarded.screenshot(path=str(artifacts / "vectorised-rank-one.png"), full_page=True)


def test_labels_as_a_column_make_an_m_by_m_dz(guarded, live_server):
    lesson = Lesson.open(guarded, live_server, "vectorised", "?y_shape=column&m=50")
    assert shapes(lesson)["dZ"] == [50, 50] and not lesson.fact("compare")["all_right"]
    note = guarded.text_content("#shape-note")
    assert note.startswith("dZ came out (50, 50), not (1, 50): 2,500 numbers where 50 belong")


def test_taking_the_step_moves_theta_and_lowers_j(guarded, live_server):
    lesson = Lesson.open(guarded, live_server, "vectorised")
    before = lesson.fact("compare")
    guarded.click("#take-step")
    after = lesson.fact("compare", f"c => c.vectorised.J < {before['vectorised']['J']}")
    assert abs(after["vectorised"]["J"] - before["cost_after"]) < 1e-5  # θ was rounded to 6 digits
    theta = lesson.fact("theta")
    assert [round(t, 4) for t in theta] == [round(t, 4) for t in before["theta_next"]]
    assert guarded.input_value("#w1") == str(theta[0])


def test_more_samples_make_x_wider(guarded, live_server):
    lesson = Lesson.open(guarded, live_server, "vectorised", "?m=2000")
    assert shapes(lesson)["X"] == [2, 2000] and lesson.fact("compare")["all_right"]
    assert lesson.state()["m"] == 2000
