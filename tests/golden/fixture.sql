-- Fixed data for the golden pages; times are before COX_NOW in
-- tests/t/24-golden.t (2026-11-21 12:00 UTC = 1795262400).
UPDATE person SET created_at = 1793536000 + id, updated_at = 1793536000;
INSERT INTO rating (athlete_id, metric_id, source, score, comment, rated_on, created_at) SELECT p.id, m.id, 'coach', 3, 'Catch is **late**; see <b>video</b>.', '2026-10-01', 1790836000 FROM person p, metric m WHERE p.handle = 'ann' AND m.slug = 'technique';
INSERT INTO rating (athlete_id, metric_id, source, score, comment, rated_on, created_at) SELECT p.id, m.id, 'self', 4, '', '2026-10-01', 1790846000 FROM person p, metric m WHERE p.handle = 'ann' AND m.slug = 'technique';
INSERT INTO rating (athlete_id, metric_id, source, score, comment, rated_on, created_at) SELECT p.id, m.id, 'coach', 4, 'Much better.', '2026-11-01', 1793516000 FROM person p, metric m WHERE p.handle = 'ann' AND m.slug = 'technique';
INSERT INTO rating (athlete_id, metric_id, source, score, comment, rated_on, created_at) SELECT p.id, m.id, 'self', 4, '', '2026-11-01', 1793526000 FROM person p, metric m WHERE p.handle = 'ann' AND m.slug = 'technique';
INSERT INTO rating (athlete_id, metric_id, source, score, comment, rated_on, created_at) SELECT p.id, m.id, 'coach', 7, 'New PB', '2026-11-15', 1794736000 FROM person p, metric m WHERE p.handle = 'ann' AND m.slug = 'erg';
INSERT INTO rating (athlete_id, metric_id, source, score, comment, rated_on, created_at) SELECT p.id, m.id, 'self', 5, '', '2026-11-16', 1794826000 FROM person p, metric m WHERE p.handle = 'ann' AND m.slug = 'fitness';
INSERT INTO rating (athlete_id, metric_id, source, score, comment, rated_on, created_at) SELECT p.id, m.id, 'coach', 2, 'Rushing the slide.', '2026-11-10', 1794286000 FROM person p, metric m WHERE p.handle = 'bob' AND m.slug = 'technique';
INSERT INTO rating (athlete_id, metric_id, source, score, comment, rated_on, created_at) SELECT p.id, m.id, 'coach', 4, '', '2026-11-10', 1794286001 FROM person p, metric m WHERE p.handle = 'bob' AND m.slug = 'fitness';
INSERT INTO rating (athlete_id, metric_id, source, score, comment, rated_on, created_at) SELECT p.id, m.id, 'self', 2, '', '2026-11-11', 1794386000 FROM person p, metric m WHERE p.handle = 'bob' AND m.slug = 'fitness';
-- Ann's guesses: one of a score she has since seen (shown), one of the erg score still hidden (never shown)
INSERT INTO guess (rating_id, athlete_id, score, created_at) SELECT r.id, r.athlete_id, 5, 1793520000 FROM rating r JOIN person p ON p.id = r.athlete_id WHERE p.handle = 'ann' AND r.source = 'coach' AND r.score = 4 AND r.rated_on = '2026-11-01';
INSERT INTO guess (rating_id, athlete_id, score, created_at) SELECT r.id, r.athlete_id, 6, 1794740000 FROM rating r JOIN person p ON p.id = r.athlete_id JOIN metric m ON m.id = r.metric_id WHERE p.handle = 'ann' AND m.slug = 'erg' AND r.source = 'coach';
INSERT INTO wellness (athlete_id, day, sleep, stress, fatigue, soreness, created_at) SELECT id, '2026-11-10', 2, 3, 3, 2, 1794536000 FROM person WHERE handle = 'ann';
INSERT INTO wellness (athlete_id, day, sleep, stress, fatigue, soreness, created_at) SELECT id, '2026-11-11', 2, 3, 3, 2, 1794536000 FROM person WHERE handle = 'ann';
INSERT INTO wellness (athlete_id, day, sleep, stress, fatigue, soreness, created_at) SELECT id, '2026-11-12', 2, 3, 3, 2, 1794536000 FROM person WHERE handle = 'ann';
INSERT INTO wellness (athlete_id, day, sleep, stress, fatigue, soreness, created_at) SELECT id, '2026-11-13', 2, 3, 3, 2, 1794536000 FROM person WHERE handle = 'ann';
INSERT INTO wellness (athlete_id, day, sleep, stress, fatigue, soreness, created_at) SELECT id, '2026-11-14', 2, 3, 3, 2, 1794536000 FROM person WHERE handle = 'ann';
INSERT INTO wellness (athlete_id, day, sleep, stress, fatigue, soreness, created_at) SELECT id, '2026-11-15', 2, 3, 3, 2, 1794536000 FROM person WHERE handle = 'ann';
INSERT INTO wellness (athlete_id, day, sleep, stress, fatigue, soreness, created_at) SELECT id, '2026-11-16', 2, 3, 3, 2, 1794536000 FROM person WHERE handle = 'ann';
INSERT INTO wellness (athlete_id, day, sleep, stress, fatigue, soreness, created_at) SELECT id, '2026-11-18', 2, 3, 3, 2, 1794536000 FROM person WHERE handle = 'ann';
INSERT INTO wellness (athlete_id, day, sleep, stress, fatigue, soreness, created_at) SELECT id, '2026-11-19', 2, 3, 3, 2, 1794536000 FROM person WHERE handle = 'ann';
INSERT INTO wellness (athlete_id, day, sleep, stress, fatigue, soreness, created_at) SELECT id, '2026-11-20', 2, 3, 3, 2, 1794536000 FROM person WHERE handle = 'ann';
INSERT INTO wellness (athlete_id, day, sleep, stress, fatigue, soreness, created_at) SELECT id, '2026-11-21', 6, 6, 5, 6, 1795256000 FROM person WHERE handle = 'ann';
INSERT INTO wellness (athlete_id, day, illness, note, created_at) SELECT id, '2026-11-20', 'sick', 'Fever <38>', 1795176000 FROM person WHERE handle = 'bob';
INSERT INTO message (direction, channel, person_id, peer, body, kind, status, created_at) SELECT 'in', 'sms', id, '+447700900201', 'note Can we talk about seat racing?', 'note', 'stored', 1795236000 FROM person WHERE handle = 'bob';
INSERT INTO message (direction, channel, peer, body, kind, status, created_at) VALUES ('in', 'sms', '+447700900999', 'wrong number <i>x</i>', 'unparsed', 'stored', 1795246000);
INSERT INTO message (direction, channel, person_id, peer, body, kind, status, error, created_at) SELECT 'out', 'sms', id, '+447700900201', 'New ratings', 'notify', 'undelivered', '30003', 1795186000 FROM person WHERE handle = 'bob';
-- Bob on the roster with two numbers and a password set
INSERT INTO phone (e164, person_id, position) SELECT '+447700900201', id, 0 FROM person WHERE handle = 'bob';
INSERT INTO phone (e164, person_id, position) SELECT '+447700900202', id, 1 FROM person WHERE handle = 'bob';
INSERT INTO person_key (person_id, public_key, wrapped_secret, created_at) SELECT id, zeroblob(31) || x'01', '{}', 1793600000 FROM person WHERE handle = 'bob';
