"""Each rule of mujaz.check.rules, with examples it must flag and paraphrases it must pass."""

from __future__ import annotations

import pytest

from mujaz.check import ProblemKind, check

SOURCE = (
    "أعلنت وزارة الصحة المصرية يوم الثلاثاء أن عدد المصابين بالفيروس ارتفع إلى 1,250 شخصا في 12 محافظة.\n"
    "وقال وزير الصحة خالد عبد الغفار إن الحكومة لم تقرر إغلاق المدارس حتى الآن.\n"
    "وأكد الرئيس الأمريكي السابق دونالد ترامب أنه سيزور القاهرة في مارس المقبل.\n"
    "وأشارت الوزارة إلى أن نسبة الشفاء بلغت 85 في المئة.\n"
    "ورفضت النقابة الاقتراح الذي قدمه نائب رئيس الوزراء في الاجتماع."
)


def kinds(summary: str, source: str = SOURCE) -> set[str]:
    return {p.kind.value for p in check(summary, source).problems}


@pytest.mark.parametrize("summary", [
    "ارتفع عدد المصابين إلى 1,300 شخص",
    "ارتفع عدد المصابين إلى ١٣٠٠ شخص",
    "المصابون في 15 محافظة",
    "نسبة الشفاء بلغت 90%",
    "ارتفع عدد المصابين إلى ألفي شخص",
])
def test_rules_number_flags_a_changed_number(summary: str) -> None:
    assert "number" in kinds(summary)


@pytest.mark.parametrize("summary", [
    "ارتفع عدد المصابين إلى ١٢٥٠ شخصا",          # Arabic-Indic digits
    "ارتفع عدد المصابين إلى 1250 شخصا",          # no thousands separator
    "المصابون في اثنتي عشرة محافظة",              # a number word for 12
    "نسبة الشفاء بلغت 85%",                       # percent sign for في المئة
    "المصابون في 12 محافظة وعددهم 1,250",
])
def test_rules_number_passes_the_same_value_written_otherwise(summary: str) -> None:
    assert "number" not in kinds(summary)


@pytest.mark.parametrize("summary", [
    "أعلنت الوزارة يوم الأربعاء ارتفاع عدد المصابين",
    "ترامب سيزور القاهرة في أبريل المقبل",
    "ترامب سيزور القاهرة في نيسان المقبل",
])
def test_rules_date_flags_another_day_or_month(summary: str) -> None:
    assert "date" in kinds(summary)


@pytest.mark.parametrize("summary", [
    "أعلنت الوزارة الثلاثاء ارتفاع عدد المصابين",
    "ترامب سيزور القاهرة في آذار المقبل",          # the Levantine name of March
    "قال أحد المسؤولين إن عدد المصابين ارتفع",      # أحد is "one", not Sunday
])
def test_rules_date_passes_the_same_date_in_any_naming(summary: str) -> None:
    assert "date" not in kinds(summary)


@pytest.mark.parametrize(("summary", "kind"), [
    ("وقال وزير الصحة محمد كيدمان إن الحكومة لم تقرر إغلاق المدارس", "name"),
    ("ترامب سيزور الرياض في مارس المقبل", "place"),
    ("ترامب سيزور بغداد في مارس المقبل", "place"),
])
def test_rules_names_flag_a_name_or_place_the_source_lacks(summary: str, kind: str) -> None:
    assert kind in kinds(summary)


@pytest.mark.parametrize("summary", [
    "وقال عبد الغفار إن الحكومة لم تقرر إغلاق المدارس",
    "ترامب سيزور القاهرة في مارس المقبل",
    "ولترامب زيارة مرتقبة للقاهرة",                # clitics ل and ل+ال on source names
])
def test_rules_names_pass_the_sources_names_with_clitics(summary: str) -> None:
    assert not kinds(summary) & {"name", "place"}


@pytest.mark.parametrize("summary", [
    "وزير الصحة يقول إن الحكومة قررت إغلاق المدارس",   # لم removed
    "ارتفع عدد المصابين ولم يرفض الاقتراح أحد",
])
def test_rules_negation_flags_a_removed_or_added_negation(summary: str) -> None:
    assert "negation" in kinds(summary)


@pytest.mark.parametrize("summary", [
    "وزير الصحة يقول إن الحكومة لم تقرر إغلاق المدارس",
    "الحكومة لا تزال تدرس إغلاق المدارس",            # لا تزال "still" negates nothing
])
def test_rules_negation_passes_the_same_polarity(summary: str) -> None:
    assert "negation" not in kinds(summary)


@pytest.mark.parametrize("summary", [
    "ونفى ترامب أنه سيزور القاهرة في مارس المقبل",
    "ووافقت النقابة على الاقتراح الذي قدمه نائب رئيس الوزراء",
    "انخفض عدد المصابين بالفيروس إلى 1,250 شخصا",
])
def test_rules_polarity_flags_the_opposite_verb(summary: str) -> None:
    assert "polarity" in kinds(summary)


@pytest.mark.parametrize("summary", [
    "وأكد ترامب أنه سيزور القاهرة في مارس المقبل",
    "ورفضت النقابة الاقتراح",
    "ارتفع عدد المصابين بالفيروس إلى 1,250 شخصا",
])
def test_rules_polarity_passes_the_same_verb(summary: str) -> None:
    assert "polarity" not in kinds(summary)


@pytest.mark.parametrize("summary", [
    "وأكد الرئيس الأمريكي دونالد ترامب أنه سيزور القاهرة",          # السابق dropped
    "ورفضت النقابة الاقتراح الذي قدمه رئيس الوزراء",               # نائب dropped
    "وقال وزير الصحة السابق خالد عبد الغفار إن الحكومة لم تقرر إغلاق المدارس",  # added
])
def test_rules_qualifier_flags_a_dropped_or_added_qualifier(summary: str) -> None:
    assert "qualifier" in kinds(summary)


@pytest.mark.parametrize("summary", [
    "وأكد الرئيس الأمريكي السابق دونالد ترامب أنه سيزور القاهرة",
    "ورفضت النقابة اقتراح نائب رئيس الوزراء",
])
def test_rules_qualifier_passes_the_kept_qualifier(summary: str) -> None:
    assert "qualifier" not in kinds(summary)


def test_rules_attribution_flags_a_statement_given_to_another_speaker() -> None:
    summary = "وقال ترامب إن الحكومة لم تقرر إغلاق المدارس حتى الآن"
    assert "attribution" in kinds(summary)


@pytest.mark.parametrize("summary", [
    "وقال وزير الصحة إن الحكومة لم تقرر إغلاق المدارس حتى الآن",
    "وزير الصحة خالد عبد الغفار يقول إن الحكومة لم تقرر إغلاق المدارس",
])
def test_rules_attribution_passes_the_right_speaker(summary: str) -> None:
    assert "attribution" not in kinds(summary)


@pytest.mark.parametrize("summary", [
    "ارتفع عدد المصابين بالفيروس، وسط احتجاجات واسعة للطلاب أمام البرلمان بسبب غلاء الأسعار",
    "في خطوة تاريخية، أعلنت وزارة الصحة ارتفاع عدد المصابين",
])
def test_rules_unsupported_flags_a_clause_from_elsewhere(summary: str) -> None:
    assert "unsupported" in kinds(summary)


@pytest.mark.parametrize("summary", [
    "وزارة الصحة المصرية تعلن ارتفاع عدد المصابين بالفيروس",       # reworded, nothing new
    "الوزارة تقول إن الشفاء بلغ 85 في المئة",
])
def test_rules_unsupported_passes_a_paraphrase(summary: str) -> None:
    assert "unsupported" not in kinds(summary)


def test_rules_every_kind_is_documented() -> None:
    assert {k.value for k in ProblemKind} == {
        "number", "date", "name", "place", "negation", "polarity", "qualifier", "attribution", "unsupported",
    }
