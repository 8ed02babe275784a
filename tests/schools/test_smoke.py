def test_school_list_for_ceo(client_for):
    response = client_for("ceo").get("/schools/")
    assert response.status_code == 200
    assert b"Glen Hills" in response.content
