import sqlalchemy as sa

from portal.sql import contains


def test_wildcards_typed_by_a_user_are_matched_literally():
    engine = sa.create_engine("sqlite://")
    names = sa.table("names", sa.column("name"))
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE names (name TEXT)"))
        conn.execute(sa.text("INSERT INTO names VALUES ('张三'), ('100%达标'), ('a_b'), ('axb')"))

        def found(text):
            query = sa.select(names.c.name).where(contains(names.c.name, text))
            return sorted(conn.execute(query).scalars())

        assert found("%") == ["100%达标"]
        assert found("_") == ["a_b"]
        assert found("张") == ["张三"]
