from jiguan.conftest import Cast


def test_the_standards_endpoint_serves_the_2014_table(cast: Cast) -> None:
    rows = cast.client("xihu").get("/api/v1/space/standards/").json()
    by_rank = {(r["organ_level"], r["rank"]): r["area"] for r in rows}
    assert by_rank[("province", "bureau_head")] == "30"
    assert by_rank[("county", "below_section")] == "9"
    assert all(r["document"] == "发改投资〔2014〕2674号" for r in rows
               if r["organ_level"] != "township")


def test_it_answers_for_a_date_under_the_1999_standard(cast: Cast) -> None:
    rows = cast.client("xihu").get("/api/v1/space/standards/", {"on": "2010-06-01"}).json()
    by_rank = {(r["organ_level"], r["rank"]): r["area"] for r in rows}
    assert by_rank[("county", "below_section")] == "6"


def test_a_sub_provincial_city_gets_the_provincial_deputy_figure(cast: Cast) -> None:
    rows = cast.client("xihu").get("/api/v1/space/standards/",
                                   {"sub_provincial": "true"}).json()
    by_rank = {(r["organ_level"], r["rank"]): r["area"] for r in rows}
    assert by_rank[("city", "city_deputy")] == "42"


def test_a_date_before_any_standard_is_a_clear_422(cast: Cast) -> None:
    response = cast.client("xihu").get("/api/v1/space/standards/", {"on": "1990-01-01"})
    assert response.status_code == 422
    assert response.json()["errors"]["on"]
