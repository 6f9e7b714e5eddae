"""The organisation pages: congresses, handling units and stations on the desk, the stations'
QR posters, and the public station pages behind the posters' codes."""
