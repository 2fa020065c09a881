"""Summary sentences aligned with their supporting source sentences (mujaz.check.align)."""

from __future__ import annotations

from mujaz import check

SOURCE = (
    "أعلنت الحكومة خطة جديدة للنقل العام في العاصمة.\n"
    "وقال وزير النقل إن الخطة تبدأ الشهر المقبل وتكلف مليار دولار.\n"
    "ورحب السكان بالخطة لكنهم طالبوا بخفض أسعار التذاكر."
)


def test_align_each_summary_sentence_finds_its_source_sentence_first() -> None:
    summary = "وزير النقل: الخطة تبدأ الشهر المقبل. السكان يطالبون بخفض أسعار التذاكر."
    result = check(summary, SOURCE)
    firsts = [a.sources[0].slice(SOURCE) for a in result.alignment.sentences]
    assert firsts[0].startswith("وقال وزير النقل")
    assert firsts[1].startswith("ورحب السكان")
    assert all(0 < a.scores[0] <= 1 and list(a.scores) == sorted(a.scores, reverse=True) for a in result.alignment.sentences)


def test_align_a_sentence_sharing_no_word_has_no_source() -> None:
    result = check("ضربت عاصفة ثلجية الجبال البعيدة", SOURCE)
    aligned = result.alignment.sentences[0]
    assert aligned.sources == () and aligned.support == 0.0
    assert not result.consistent


def test_align_each_line_of_a_summary_is_its_own_unit() -> None:
    summary = "خطة جديدة للنقل العام\nالسكان يرحبون بالخطة"
    result = check(summary, SOURCE)
    assert [a.span.slice(summary) for a in result.alignment.sentences] == ["خطة جديدة للنقل العام", "السكان يرحبون بالخطة"]
