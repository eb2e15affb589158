/*
 * ical.c - calendar invitations (RFC 5545 iCalendar, RFC 5546 iTIP)
 * for the sessions a coach asks about (lib/avail.c), written and read
 * with libical, not by hand: a quoting or folding rule missed by hand
 * is an invitation some calendar drops without a word.
 *
 * ical_invitation() writes a METHOD:REQUEST (or, for a session called
 * off, METHOD:CANCEL) with the session's stable UID and its SEQUENCE,
 * which the caller raises on every change so that a calendar replaces
 * its copy instead of adding another; one ATTENDEE, the person it goes
 * to, so nobody learns from it who else is asked.  ical_reply_read()
 * reads the METHOD:REPLY a calendar sends back when its owner accepts
 * or declines (Gmail's and Apple Calendar's alike: one VEVENT, the UID,
 * the ATTENDEE with its PARTSTAT).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libical/ical.h>

#include "plumbing.h"
#include "season.h"

/* "mailto:" and addr, into out. */
static const char *
mailto(const char *addr, char *out, size_t size)
{
	snprintf(out, size, "mailto:%s", addr);
	return out;
}

/*
 * The invitation e describes, made at now, as iCalendar text (the
 * caller frees it), or NULL on an error (logged).
 */
char *
ical_invitation(const struct ical_event *e, time_t now)
{
	icalcomponent	*cal, *ev;
	icalproperty	*p;
	icaltimezone	*utc = icaltimezone_get_utc_timezone();
	char		 who[320], *out = NULL, *s;

	ev = icalcomponent_new(ICAL_VEVENT_COMPONENT);
	icalcomponent_add_property(ev, icalproperty_new_uid(e->uid));
	icalcomponent_add_property(ev, icalproperty_new_dtstamp(
	    icaltime_from_timet_with_zone(now, 0, utc)));
	icalcomponent_add_property(ev, icalproperty_new_dtstart(
	    icaltime_from_timet_with_zone(e->start, 0, utc)));
	icalcomponent_add_property(ev, icalproperty_new_dtend(
	    icaltime_from_timet_with_zone(e->start + e->minutes * 60, 0,
	    utc)));
	icalcomponent_add_property(ev, icalproperty_new_sequence(e->sequence));
	icalcomponent_add_property(ev, icalproperty_new_summary(e->summary));
	if (e->location != NULL && *e->location != '\0')
		icalcomponent_add_property(ev,
		    icalproperty_new_location(e->location));
	if (e->description != NULL && *e->description != '\0')
		icalcomponent_add_property(ev,
		    icalproperty_new_description(e->description));
	icalcomponent_add_property(ev, icalproperty_new_status(e->cancelled ?
	    ICAL_STATUS_CANCELLED : ICAL_STATUS_CONFIRMED));
	p = icalproperty_new_organizer(mailto(e->organizer, who,
	    sizeof(who)));
	if (e->organizer_name != NULL)
		icalproperty_add_parameter(p,
		    icalparameter_new_cn(e->organizer_name));
	icalcomponent_add_property(ev, p);
	p = icalproperty_new_attendee(mailto(e->attendee, who, sizeof(who)));
	if (e->attendee_name != NULL)
		icalproperty_add_parameter(p,
		    icalparameter_new_cn(e->attendee_name));
	icalproperty_add_parameter(p,
	    icalparameter_new_role(ICAL_ROLE_REQPARTICIPANT));
	icalproperty_add_parameter(p,
	    icalparameter_new_partstat(ICAL_PARTSTAT_NEEDSACTION));
	icalproperty_add_parameter(p, icalparameter_new_rsvp(e->cancelled ?
	    ICAL_RSVP_FALSE : ICAL_RSVP_TRUE));
	icalcomponent_add_property(ev, p);
	cal = icalcomponent_vanew(ICAL_VCALENDAR_COMPONENT,
	    icalproperty_new_prodid("-//coxswain//avail//EN"),
	    icalproperty_new_version("2.0"),
	    icalproperty_new_calscale("GREGORIAN"),
	    icalproperty_new_method(e->cancelled ? ICAL_METHOD_CANCEL :
	    ICAL_METHOD_REQUEST), ev, (void *)0);
	if (cal == NULL) {
		icalcomponent_free(ev);
		log_error("calendar: the invitation could not be made: %s",
		    icalerror_strerror(icalerrno));
		return NULL;
	}
	if ((s = icalcomponent_as_ical_string_r(cal)) != NULL) {
		out = xstrdup(s);
		free(s);
	}
	icalcomponent_free(cal);
	return out;
}

/*
 * Reads text, a calendar's answer, into *out: the UID of the event it
 * answers, its SEQUENCE, the attendee's address (without "mailto:", in
 * lower case) and what they said (AVAIL_IN accepted, AVAIL_OUT
 * declined, AVAIL_MAYBE tentative).  0, or -1 when text is no
 * METHOD:REPLY with one such answer.
 */
int
ical_reply_read(const char *text, struct ical_reply *out)
{
	icalcomponent	*cal, *ev;
	icalproperty	*p;
	icalparameter	*ps;
	const char	*v;
	int		 rc = -1;

	memset(out, 0, sizeof(*out));
	if ((cal = icalparser_parse_string(text)) == NULL)
		return -1;
	if (icalcomponent_isa(cal) != ICAL_VCALENDAR_COMPONENT ||
	    icalcomponent_get_method(cal) != ICAL_METHOD_REPLY ||
	    (ev = icalcomponent_get_first_component(cal,
	    ICAL_VEVENT_COMPONENT)) == NULL ||
	    (v = icalcomponent_get_uid(ev)) == NULL ||
	    strlen(v) >= sizeof(out->uid) ||
	    (p = icalcomponent_get_first_property(ev,
	    ICAL_ATTENDEE_PROPERTY)) == NULL)
		goto out;
	snprintf(out->uid, sizeof(out->uid), "%s", v);
	out->sequence = icalcomponent_get_sequence(ev);
	v = icalproperty_get_attendee(p);
	if (v == NULL)
		goto out;
	if (strncasecmp(v, "mailto:", 7) == 0)
		v += 7;
	if (strlen(v) >= sizeof(out->attendee))
		goto out;
	snprintf(out->attendee, sizeof(out->attendee), "%s", v);
	ascii_lower(out->attendee);
	if ((ps = icalproperty_get_first_parameter(p,
	    ICAL_PARTSTAT_PARAMETER)) == NULL)
		goto out;
	switch (icalparameter_get_partstat(ps)) {
	case ICAL_PARTSTAT_ACCEPTED:
		out->answer = AVAIL_IN;
		break;
	case ICAL_PARTSTAT_DECLINED:
		out->answer = AVAIL_OUT;
		break;
	case ICAL_PARTSTAT_TENTATIVE:
		out->answer = AVAIL_MAYBE;
		break;
	default:
		goto out;
	}
	rc = 0;
out:
	icalcomponent_free(cal);
	return rc;
}
