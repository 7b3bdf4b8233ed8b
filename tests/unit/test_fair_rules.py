"""The fair table's and the contract form's rules, as pure functions: no database, no request."""

import datetime as dt
from types import SimpleNamespace

import pytest

from portal.contracts import states
from portal.contracts.forms import parse_step
from portal.contracts.service import draft_values
from portal.events.service import DESK_MATCHES, desk_archive_form, rank_for_desk
from portal.forms import FormError
from portal.workers.service import birth_year_of


def test_the_birth_year_is_read_from_a_valid_id_number():
    assert birth_year_of("511323198203150016") == 1982


@pytest.mark.parametrize("number", ["", "511323198203150017", "5113231982", "abc"])
def test_an_invalid_id_number_gives_no_birth_year(number):
    assert birth_year_of(number) is None


def test_the_table_archive_takes_its_birth_year_from_the_id_number():
    raw = desk_archive_form({"id_number": "511323198203150016", "birth_year": "1990"})
    assert raw["birth_year"] == 1982 and raw["consent_method"] == "in_person"


def test_the_table_archive_reads_skills_typed_in_one_box():
    raw = desk_archive_form({"skills": "电焊，钢筋 装配"})
    assert raw["skills"] == [{"name": "电焊"}, {"name": "钢筋"}, {"name": "装配"}]


def score(total: int, eligible: bool = True):
    return SimpleNamespace(total=total, is_eligible=eligible)


def test_the_desk_puts_eligible_vacancies_first_then_the_best_score():
    scored = [("a", score(90, False)), ("b", score(40)), ("c", score(70))]
    assert [job for job, _ in rank_for_desk(scored)] == ["c", "b", "a"]


def test_the_desk_shows_a_limited_number_of_vacancies():
    scored = [(i, score(i)) for i in range(DESK_MATCHES + 5)]
    assert len(rank_for_desk(scored)) == DESK_MATCHES


def a_draft(expected_wage=6500, available_from=None, start_date=None, unit="month"):
    worker = SimpleNamespace(id=1, expected_wage=expected_wage, available_from=available_from)
    job = SimpleNamespace(
        id=2,
        title="电焊工",
        wage_min=6000,
        wage_max=8000,
        wage_unit=unit,
        start_date=start_date,
        address="",
        township=SimpleNamespace(name="锦屏镇"),
        employer=SimpleNamespace(name="某公司"),
        has_housing=True,
        has_meals=False,
    )
    return draft_values(worker, job, None, dt.date(2027, 3, 1))


def test_a_draft_starts_a_week_ahead_at_the_earliest():
    assert a_draft()["start_date"] == "2027-03-08"


def test_a_draft_starts_when_the_worker_is_available_if_later():
    assert a_draft(available_from=dt.date(2027, 4, 1))["start_date"] == "2027-04-01"


def test_a_draft_offers_the_expected_wage_within_the_vacancy_range():
    assert a_draft(expected_wage=5000)["wage"] == 6000
    assert a_draft(expected_wage=9000)["wage"] == 8000


def test_a_step_with_a_date_that_cannot_be_read_is_refused():
    with pytest.raises(FormError) as refused:
        parse_step({"to": "reported", "on": "tomorrow"})
    assert "on" in refused.value.errors


def test_every_status_has_a_chinese_label():
    assert {states.label_zh(s) for s in states.ContractStatus} >= {"已签字", "已取消"}
    assert all(states.label_zh(s) != states.LABELS[s] for s in states.ContractStatus)
