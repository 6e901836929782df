def test_it_serves_the_home_page(hub, client):
    response = client.get("/")
    assert response.status_code == 200, response.content[:2000]
    assert b"Sample guide on housing" in response.content
