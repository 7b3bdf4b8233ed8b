"""The schema's refusals read as the portal's own per-field messages."""

from portal.validation import field_errors


def msgid(errors, name):
    return errors[name].msgid


def test_a_missing_field_is_named_and_said_to_be_required():
    errors = field_errors([{"message": "Object missing required field `title`", "key": "data"}])
    assert msgid(errors, "title") == "This field is required."


def test_a_wrong_type_says_what_was_expected_per_field():
    errors = field_errors(
        [
            {"message": "Expected `int`, got `str`", "key": "wage_min"},
            {"message": "Expected `bool`, got `str`", "key": "has_meals"},
            {"message": "Expected `array`, got `int`", "key": "skills"},
            {"message": "Invalid enum value 'hour'", "key": "wage_unit"},
            {"message": "Invalid RFC3339 encoded date", "key": "start_date"},
        ]
    )
    assert msgid(errors, "wage_min") == "Please enter a whole number."
    assert msgid(errors, "has_meals") == "Please answer yes or no (true or false)."
    assert msgid(errors, "skills") == "Please give a list."
    assert msgid(errors, "wage_unit") == "Please choose one of the options."
    assert msgid(errors, "start_date") == "Please enter a date like 2027-02-15."


def test_a_nested_problem_is_told_on_its_top_field_and_odd_input_does_not_break_the_reading():
    errors = field_errors(
        [{"message": "Expected `str`, got `int`", "key": "skills[0].name"}, "odd", {}]
    )
    assert msgid(errors, "skills") == "Please enter text."
    assert field_errors(None) == {} and field_errors("text") == {}
