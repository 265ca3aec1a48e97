"""Parses calendars written by the server with a second parser, Python `icalendar`
(pip install icalendar), and checks what RFC 5545 and the Course panel need of them.

    AISM_ICS_OUT=/tmp/feed.ics cargo test -p addin-server --test webinars webinars_sqlite
    python3 addin-server/tests/check_ics.py /tmp/feed.ics

Not part of CI (a Python dependency); the Rust test parses the same calendars with the
`icalendar` crate's parser.
"""

import datetime
import sys

import icalendar


def check(path: str) -> int:
    with open(path, "rb") as f:
        raw = f.read()
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b""), "CRLF line ends"
    cal = icalendar.Calendar.from_ical(raw)
    assert str(cal["VERSION"]) == "2.0", cal.get("VERSION")
    assert cal.get("PRODID"), "PRODID"
    events = list(cal.walk("VEVENT"))
    assert events, "no VEVENT"
    for e in events:
        for prop in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "SEQUENCE"):
            assert e.get(prop) is not None, f"{prop} missing in {e.get('UID')}"
        start, end = e.decoded("DTSTART"), e.decoded("DTEND")
        assert start.tzinfo is not None and start.utcoffset() == datetime.timedelta(0), start
        assert end - start == datetime.timedelta(minutes=60), (start, end)
        alarms = list(e.walk("VALARM"))
        assert len(alarms) == 1 and str(alarms[0]["ACTION"]) == "DISPLAY"
        assert alarms[0].decoded("TRIGGER") == datetime.timedelta(minutes=-15)
        assert str(e["LOCATION"]).startswith("https://"), e.get("LOCATION")
        print(f"ok {e['UID']} {e['SUMMARY']} {start.isoformat()} {e['LOCATION']}")
    return len(events)


if __name__ == "__main__":
    n = sum(check(p) for p in sys.argv[1:])
    print(f"{n} events parsed by icalendar {icalendar.__version__}")
