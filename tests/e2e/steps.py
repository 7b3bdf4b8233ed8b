"""Steps several browser tests take the same way, written once."""

from __future__ import annotations

from playwright.sync_api import expect

ZHANG = {"name": "张志栋", "id_number": "511323198203150016", "township": "锦屏镇"}


def archive_at_the_desk(desk, phone: str) -> None:
    """At the fair desk, keyboard only: a phone nobody has, then the quick archive with consent."""
    expect(desk.locator("#q")).to_be_focused()
    desk.keyboard.type(phone)
    desk.keyboard.press("Enter")
    expect(desk.locator("#not-found")).to_be_visible()
    desk.fill("#name", ZHANG["name"])
    desk.fill("#id_number", ZHANG["id_number"])
    desk.select_option("#home_township", label=ZHANG["township"])
    desk.fill("#skills", "电焊")
    desk.fill("#expected_wage", "6500")
    desk.check("input[name=consent]")
    desk.click("#quick-archive button[type=submit]")
    expect(desk.locator("#worker")).to_contain_text(ZHANG["name"])


def name_the_employees(staff, business_url: str, people) -> None:
    """Staff name each person (``.phone``, ``.name``) as employed by the business on its page."""
    for person in people:
        staff.goto(business_url)
        staff.fill("#phone", person.phone)
        staff.click("#employee-form button[type=submit]")
        expect(staff.locator("#employee-list")).to_contain_text(person.name)
    expect(staff.locator("#jobs-created")).to_contain_text(str(len(people)))
