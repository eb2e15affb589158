/* Unit tests for ingest/grammar.c: a golden table of texts. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "../../ingest/text/text.h"

/* What a parse gives, written out: "SCORES technique=4 sleep=2w ..." */
static void
describe(const struct sms_cmd *c, char *out, size_t size)
{
	static const char *const kinds[] = { "UNKNOWN", "SCORES", "BARE",
	    "ILL", "NOTE", "LINK", "HELP", "STOP", "START", "POSITIONAL",
	    "GUESS", "RPE", "ACK", "ERG_LINK", "ERG_UNLINK", "MYDATA" };
	size_t	 i, n;

	n = (size_t)snprintf(out, size, "%s", kinds[c->kind]);
	for (i = 0; i < c->npairs; i++)
		if (c->pairs[i].value[0])
			n += (size_t)snprintf(out + n, size - n, " %s=%s",
			    c->pairs[i].word, c->pairs[i].value);
		else
			n += (size_t)snprintf(out + n, size - n, " %s=%d%s%s%s%s%s",
			    c->pairs[i].word, c->pairs[i].score,
			    c->pairs[i].out_of ? "/" : "",
			    c->pairs[i].wellness ? "w" : "",
			    c->pairs[i].worded ? "(" : "", c->pairs[i].said,
			    c->pairs[i].worded ? ")" : "");
	if (c->kind == SMS_BARE && c->bare_value[0])
		n += (size_t)snprintf(out + n, size - n, " %s", c->bare_value);
	else if (c->kind == SMS_BARE)
		n += (size_t)snprintf(out + n, size - n, " %d", c->bare);
	if (c->illness[0])
		n += (size_t)snprintf(out + n, size - n, " %s", c->illness);
	if (c->session.given)
		n += (size_t)snprintf(out + n, size - n, " rpe=%dx%d%s%s%s",
		    c->session.rpe, c->session.minutes, c->session.ago ?
		    " yesterday" : "", c->session.slot[0] ? " " : "",
		    c->session.slot);
	if (c->text[0] && c->kind != SMS_UNKNOWN)
		snprintf(out + n, size - n, " [%s]", c->text);
}

/* A text, and what it reads as. */
struct row {
	const char	*in, *want;
};

static const struct row table[] = {
	{ "technique 4 fitness 3", "SCORES technique=4 fitness=3" },
	{ "Technique 4, Fitness 3", "SCORES technique=4 fitness=3" },
	{ "tech4 fit3", "SCORES tech=4 fit=3" },
	/* digits between letters are a metric's name: "erg2k 7:21" */
	{ "erg2k 7:21", "SCORES erg2k=7:21" },
	{ "technique 4 ergo2k 7:05", "SCORES technique=4 ergo2k=7:05" },
	{ "sleep3 stress2", "SCORES sleep=3w stress=2w" },
	{ "sleep3stress2", "SCORES sleep=3w stress=2w" },
	{ "tech4fit3", "SCORES tech=4 fit=3" },
	{ "  technique:4  ", "SCORES technique=4" },
	{ "4", "BARE 4" },
	{ " 10 ", "BARE 10" },
	{ "sleep 2 stress 5 fatigue 3 sore 4",
	  "SCORES sleep=2w stress=5w fatigue=3w soreness=4w" },
	{ "Tired 6, DOMS 5", "SCORES fatigue=6w soreness=5w" },
	/* every shipped language's words, accents and capitals kept */
	{ "Müde 4, Schlaf 2", "SCORES fatigue=4w sleep=2w" },
	{ "sommeil 3 fatigué 5", "SCORES sleep=3w fatigue=5w" },
	{ "SUEÑO 2", "SCORES sleep=2w" },
	{ "ARRÊT", "STOP" },
	{ "arrêt", "STOP" },
	/* a stop word's verb, with and without its accent */
	{ "arrêter", "STOP" },
	{ "ARRETER", "STOP" },
	{ "Arrêtez svp", "STOP" },
	{ "Stoppen", "STOP" },
	{ "Abmeldung bitte", "STOP" },
	{ "Stop please!", "STOP" },
	{ "STOP.", "STOP" },
	{ "Stop texting me", "STOP" },
	{ "STOP SMS please", "STOP" },
	{ "désabonner", "STOP" },
	{ "Désinscrire svp", "STOP" },
	{ "STOP \xf0\x9f\x9b\x91", "STOP" },
	/* alone only, as Twilio hears them: everyday sentences begin so */
	{ "cancel tues sorry", "UNKNOWN" },
	{ "end of the session was brutal", "UNKNOWN" },
	{ "cancelar el martes", "UNKNOWN" },
	{ "stop & go drills were brutal", "UNKNOWN" },
	{ "end me", "UNKNOWN" },
	{ "cancel me", "UNKNOWN" },
	{ "cancel2moro", "UNKNOWN" },
	{ "cancel-tues", "UNKNOWN" },
	{ "yes now", "UNKNOWN" },
	{ "END \xe2\x80\x94 what a session", "UNKNOWN" },
	{ "Cancel (sick), see you thurs", "UNKNOWN" },
	{ "quit \"moaning\" lads", "UNKNOWN" },
	{ "stop \xe6\x98\x8e\xe5\xa4\xa9\xe7\x9a\x84\xe8\xae\xad\xe7\xbb\x83"
	  "\xe6\x88\x91\xe5\x8e\xbb\xe4\xb8\x8d\xe4\xba\x86", "UNKNOWN" },
	{ "stop 3", "SCORES stop=3" },
	{ "detener", "STOP" },
	{ "desuscribirme", "STOP" },
	{ "Hilfe", "HELP" },
	/* their data: one word or two, in any language */
	{ "mydata", "MYDATA" },
	{ "My data", "MYDATA" },
	{ "my data please", "MYDATA" },
	{ "EXPORT", "MYDATA" },
	{ "mes données", "MYDATA" },
	{ "mesdonnees", "MYDATA" },
	{ "mis datos", "MYDATA" },
	{ "Meine Daten", "MYDATA" },
	/* the Concept2 Logbook, by its second word: "erg 7" is a score */
	{ "erg link", "ERG_LINK" },
	{ "ERG LIEN", "ERG_LINK" },
	{ "Erg enlace", "ERG_LINK" },
	{ "erg unlink", "ERG_UNLINK" },
	{ "erg délier", "ERG_UNLINK" },
	{ "erg trennen", "ERG_UNLINK" },
	{ "erg 7", "SCORES erg=7" },
	{ "my technique 4", "UNKNOWN" },
	{ "technique 4 sleep 2", "SCORES technique=4 sleep=2w" },
	{ "sick", "ILL sick" },
	{ "Sick - fever since last night", "ILL sick [fever since last night]" },
	{ "injured: tweaked my back", "ILL injured [tweaked my back]" },
	{ "note Back is tight, can we talk?",
	  "NOTE [Back is tight, can we talk?]" },
	{ "LINK", "LINK" },
	{ "help", "HELP" },
	{ "?", "HELP" },
	{ "STOP", "STOP" },
	{ "unsubscribe", "STOP" },
	/* Twilio opts a number out for these too: so must we */
	{ "REVOKE", "STOP" },
	{ "OptOut", "STOP" },
	{ "Start", "START" },
	{ "UNSTOP", "START" },
	/* what phones and people add */
	{ "technique 4/5", "SCORES technique=4/" },
	{ "Technique: 4,", "SCORES technique=4" },
	{ "Technique 4/5, fitness 3/5.", "SCORES technique=4/ fitness=3/" },
	{ "8 4 3 4 3", "POSITIONAL =8 =4 =3 =4 =3" },
	{ "8, 4, 3, 4, 3", "POSITIONAL =8 =4 =3 =4 =3" },
	{ "8,4,3,4,3", "POSITIONAL =8 =4 =3 =4 =3" },
	{ "erg 1-10: 7\nfitness 1-5: 3", "SCORES erg=7 fitness=3" },
	{ "8/10 4/5", "POSITIONAL =8/ =4/" },
	{ "technique 4 thanks!", "SCORES technique=4" },
	{ "Hi coach! Technique 4, fitness 3. Thanks x",
	  "SCORES technique=4 fitness=3" },
	{ "4 thank you", "BARE 4" },
	{ "\xe2\x80\x9ctechnique\xe2\x80\x9d \xe2\x80\x93 4",
	  "SCORES technique=4" },
	{ "technique\xc2\xa0" "4\xe2\x80\xa6", "SCORES technique=4" },
	{ "Sleep 5! Stress 2!", "SCORES sleep=5w stress=2w" },
	{ "technique 4/0", "UNKNOWN" },
	{ "technique 4/12345", "UNKNOWN" },
	/* polite words alone: said, nothing to read or answer */
	{ "thanks", "ACK [thanks]" },
	{ "Ok", "ACK [Ok]" },
	{ "Thank you coach!", "ACK [Thank you coach!]" },
	{ "thanks coach \xf0\x9f\x91\x8d",
	  "ACK [thanks coach \xf0\x9f\x91\x8d]" },
	{ "merci", "ACK [merci]" },
	{ "ok see you tomorrow", "UNKNOWN" },
	{ "guess thanks", "UNKNOWN" },
	{ "rpe 7 90 thanks", "RPE rpe=7x90" },
	/* a session's effort (CR-10) and minutes */
	{ "rpe 7 90", "RPE rpe=7x90" },
	{ "RPE 7, 90 min", "RPE rpe=7x90" },
	{ "rpe7 90mins", "RPE rpe=7x90" },
	{ "rpe 7 1h30", "RPE rpe=7x90" },
	{ "rpe 7 1H", "RPE rpe=7x60" },
	{ "rpe 7 1h30min", "RPE rpe=7x90" },
	{ "rpe 7 1hr", "RPE rpe=7x60" },
	{ "rpe 7 90' pm", "RPE rpe=7x90 pm" },
	{ "rpe 7 2 hours", "RPE rpe=7x120" },
	{ "rpe 7 1:30", "RPE rpe=7x90" },
	{ "rpe 7 0:45", "RPE rpe=7x45" },
	/* hours with tenths, a decimal comma as French and German write */
	{ "rpe 7 1,5h", "RPE rpe=7x90" },
	{ "rpe 7 1.5h", "RPE rpe=7x90" },
	{ "rpe 7 1,5 h", "RPE rpe=7x90" },
	{ "RPE 7, 1.5 hours", "RPE rpe=7x90" },
	{ "rpe 6 0,75 Std.", "RPE rpe=6x45" },
	{ "rpe 7 1.25h yesterday", "RPE rpe=7x75 yesterday" },
	{ "7/10 1,5h", "RPE rpe=7x90" },
	/* not where the effort's whole score goes, as in "rpe 7,90" */
	{ "rpe 7,5h", "RPE rpe=7x300" },
	{ "Belastung 6,2 Std.", "RPE rpe=6x120" },
	{ "rpe 7/10 90", "RPE rpe=7x90" },
	{ "7/10 90'", "RPE rpe=7x90" },
	{ "7/10 90\xe2\x80\x99", "RPE rpe=7x90" },
	{ "7/10 90 min", "RPE rpe=7x90" },
	{ "rpe 7", "RPE rpe=7x0" },
	{ "RPE 0", "RPE rpe=0x0" },
	{ "rpe 7 90 yesterday", "RPE rpe=7x90 yesterday" },
	{ "rpe 7 90 pm yesterday", "RPE rpe=7x90 yesterday pm" },
	{ "RPE 5 yesterday 45 mins", "RPE rpe=5x45 yesterday" },
	{ "rpe 6 pm 1h30", "RPE rpe=6x90 pm" },
	{ "rpe 7 morning", "RPE rpe=7x0 am" },
	{ "Hi coach, rpe 7 90 thanks!", "RPE rpe=7x90" },
	/* everyday words for it, in every shipped language */
	{ "effort 6 75 min", "RPE rpe=6x75" },
	{ "Training 6 90", "RPE rpe=6x90" },
	{ "Belastung 7 90", "RPE rpe=7x90" },
	{ "entraînement 7 1h30 hier soir", "RPE rpe=7x90 yesterday pm" },
	{ "Esfuerzo 7, 90 minutos", "RPE rpe=7x90" },
	{ "sommeil 2 effort 6 60", "SCORES sleep=2w rpe=6x60" },
	{ "effort 7", "RPE rpe=7x0" },
	{ "effort 7/10 90", "RPE rpe=7x90" },
	{ "effort 6.5 90", "UNKNOWN" },
	/* and not an effort without its score */
	{ "merci pour l'entraînement", "UNKNOWN" },
	{ "Training war hart", "UNKNOWN" },
	{ "effort", "UNKNOWN" },
	/* read as written: the reply refuses what is out of range */
	{ "rpe 12 90", "RPE rpe=12x90" },
	{ "rpe 7 900", "RPE rpe=7x900" },
	{ "sleep 2 stress 3 rpe 7 90",
	  "SCORES sleep=2w stress=3w rpe=7x90" },
	{ "rpe 7 90 fatigue 5", "SCORES fatigue=5w rpe=7x90" },
	{ "technique 4 rpe 6 60", "SCORES technique=4 rpe=6x60" },
	/* not a session: a rating out of 10, or no minute mark */
	{ "technique 7/10 90'", "UNKNOWN" },
	{ "erg 7/10", "SCORES erg=7/" },
	{ "7/10 90", "POSITIONAL =7/ =90" },
	{ "rpe", "UNKNOWN" },
	{ "rpe seven", "RPE rpe=7x0" },
	{ "rpe 7/5 90", "UNKNOWN" },
	{ "rpe 6.5 90", "UNKNOWN" },
	{ "rpe 7 90 rpe 5 60", "UNKNOWN" },
	/* scores alone before a session, as named ones may be; after it
	 * a number is its garbled length */
	{ "rpe 7 90 4", "UNKNOWN" },
	{ "6, 7, 7:10, 4, rpe 7 90", "POSITIONAL =6 =7 =7:10 =4 rpe=7x90" },
	{ "rpe 7 1h75", "UNKNOWN" },
	{ "rpe 7 1h300", "UNKNOWN" },
	{ "rpe 7 1:5", "UNKNOWN" },
	{ "rpe 7 1.555h", "UNKNOWN" },
	{ "rpe 7 1000,5h", "UNKNOWN" },
	{ "rpe 7 1,5", "UNKNOWN" },
	{ "guess rpe 7 90", "UNKNOWN" },
	/* a guess of the coach's hidden scores */
	{ "guess technique 4", "GUESS technique=4" },
	{ "Guess: technique 4/5, fitness 3", "GUESS technique=4/ fitness=3" },
	{ "guess 4 3", "GUESS =4 =3" },
	{ "guess 4", "GUESS =4" },
	{ "guess sleep 2", "UNKNOWN" },
	{ "guess", "UNKNOWN" },
	{ "technique", "UNKNOWN" },
	/* a number written as a word is that number */
	{ "technique four", "SCORES technique=4" },
	{ "technique 4 fitness", "UNKNOWN" },
	{ "who is this??", "UNKNOWN" },
	{ "note", "UNKNOWN" },
	/* a time or a number with tenths: the metric says if it may */
	{ "3.5", "BARE 3.5" },
	{ "6:52.0", "BARE 6:52.0" },
	{ "erg 6:45.3", "SCORES erg=6:45.3" },
	{ "Erg 6:45.3, technique 4", "SCORES erg=6:45.3 technique=4" },
	{ "erg: 6:45", "SCORES erg=6:45" },
	{ "weight 82.5kg", "SCORES weight=82.5" },
	{ "weight 82.5 kg", "SCORES weight=82.5" },
	{ "Weight 82.5 kilos, split 1:52 s", "SCORES weight=82.5 split=1:52" },
	/* a decimal comma after a metric's name; "4,3" alone is two
	 * scores, an effort's and a check-in's are whole */
	{ "weight 82,5 kg", "SCORES weight=82,5" },
	{ "Poids 82,5kg, erg 6:45,3", "SCORES poids=82,5 erg=6:45,3" },
	{ "4,3", "POSITIONAL =4 =3" },
	{ "rpe 7,90", "RPE rpe=7x90" },
	{ "sleep 2,3", "UNKNOWN" },
	{ "technique 4,fitness 3", "SCORES technique=4 fitness=3" },
	{ "kg 4", "SCORES kg=4" },
	{ "weight 82.5", "SCORES weight=82.5" },
	{ "6:45.3 4", "POSITIONAL =6:45.3 =4" },
	{ "guess erg 6:40.0", "GUESS erg=6:40.0" },
	{ "sleep 2.5", "UNKNOWN" },
	{ "erg 6:45.3.1", "UNKNOWN" },
	{ "", "UNKNOWN" },
	{ "\xf0\x9f\x91\x8d", "UNKNOWN" },
	/* an emoji reads as a space, with what joins, tones or styles it
	 * (ZWJ, skin tones, U+FE0F, flags' letters, a keycap); the text
	 * stays as sent, so a note keeps them.  Between a name and its
	 * score it is read past as a curly quote is; emoji alone say
	 * nothing, as an empty text does */
	{ "sleep 1 stress 1 fatigue 1 sore 1 \xf0\x9f\x91\x8d",
	  "SCORES sleep=1w stress=1w fatigue=1w soreness=1w" },
	{ "sleep 2 stress 3 fatigue 3 sore 2 \xf0\x9f\x99\x82",
	  "SCORES sleep=2w stress=3w fatigue=3w soreness=2w" },
	{ "Salut coach \xf0\x9f\x91\x8b technique 3 ergo 6:24,8 poids 81,2 kg",
	  "SCORES technique=3 ergo=6:24,8 poids=81,2" },
	{ "Salut coach technique 3 ergo 6:24,8 poids 81,2 kg \xf0\x9f\x91\x8d",
	  "SCORES technique=3 ergo=6:24,8 poids=81,2" },
	{ "technique \xf0\x9f\x91\x8d 4", "SCORES technique=4" },
	{ "technique 4\xef\xb8\x8f\xe2\x83\xa3", "SCORES technique=4" },
	{ "tech4\xf0\x9f\x92\xaa\xf0\x9f\x8f\xbd" "fit3\xe2\x9c\x85",
	  "SCORES tech=4 fit=3" },
	{ "\xf0\x9f\x87\xab\xf0\x9f\x87\xb7 rpe 7 90 "
	  "\xf0\x9f\x8f\x83\xe2\x80\x8d\xe2\x99\x80\xef\xb8\x8f",
	  "RPE rpe=7x90" },
	{ "stop\xf0\x9f\x9b\x91", "STOP" },
	{ "\xf0\x9f\x91\x8b help", "HELP" },
	{ "\xf0\x9f\x91\x8b note back is tight \xf0\x9f\x98\xac",
	  "NOTE [back is tight \xf0\x9f\x98\xac]" },
	{ "\xf0\x9f\x91\x8d\xf0\x9f\x91\x8d \xe2\x9d\xa4\xef\xb8\x8f",
	  "UNKNOWN" },
	/* what is not an emoji stays a letter, a number, or unread */
	{ "\xe2\x91\xa0", "UNKNOWN" },
	{ "\xe4\xbd\x93\xe5\x8a\x9b 4", "SCORES \xe4\xbd\x93\xe5\x8a\x9b=4" },
	{ "technique\xf0\x9f\x91 4", "SCORES technique\xf0\x9f\x91=4" },
	{ "technique 4 \xf0\x82\x98\x80", "UNKNOWN" },	/* overlong */
	/* as phones and people write them (issue 73): a greeting and a
	 * name around scores alone, one metric a line, a metric's name
	 * that starts with digits, a time with an m, numbers in words */
	{ "Hi Maggie! 6, 7, 7.10, 4 \xf0\x9f\x98\x8a",
	  "POSITIONAL =6 =7 =7.10 =4" },
	{ "Hey coach Maggie 6 7 6.55 4", "POSITIONAL =6 =7 =6.55 =4" },
	{ "6 7 7:10 4 thanks Maggie x", "POSITIONAL =6 =7 =7:10 =4" },
	{ "Hi technique 4", "SCORES technique=4" },
	{ "Hi Maggie 4", "SCORES maggie=4" },
	{ "Technique 7\nFitness 8\n2k 6:50\nAttitude 5",
	  "SCORES technique=7 fitness=8 2k=6:50 attitude=5" },
	{ "5k 20:15", "SCORES 5k=20:15" },
	{ "Six 6 7m20 4", "POSITIONAL =6 =6 =7:20 =4" },
	{ "erg 7m20s", "SCORES erg=7:20" },
	/* a whole number past any score is the metric's to read: seconds */
	{ "erg 415", "SCORES erg=415" },
	{ "6 7 415 4", "POSITIONAL =6 =7 =415 =4" },
	{ "sleep 415", "UNKNOWN" },
	/* thanks before the scores too, but "x 4" keeps its word */
	{ "Thx, 8 7 6:45 5 x", "POSITIONAL =8 =7 =6:45 =5" },
	{ "x 4", "SCORES x=4" },
	{ "erg 7m75", "SCORES erg=7 m=75" },
	{ "sept 8 6m55 cinq", "POSITIONAL =7 =8 =6:55 =5" },
	{ "90mins", "UNKNOWN" },
	{ "rpe 7 90m", "RPE rpe=7x90" },
	/* "7/10 6:50": a time, not a session's length as "7/10 90'" is */
	{ "7/10 8/10 6:50 5/5", "POSITIONAL =7/ =8/ =6:50 =5/" },
	{ "7/10 1:30", "POSITIONAL =7/ =1:30" },
	{ "Technique 4 & fitness 3", "SCORES technique=4 fitness=3" },
	{ "technique 4 and fitness 3", "SCORES technique=4 fitness=3" },
	{ "Technik 4 und Ausdauer 3", "SCORES technik=4 ausdauer=3" },
	{ "técnica 4 y resistencia 3", "SCORES técnica=4 resistencia=3" },
	{ "technique 4 + fitness 3", "SCORES technique=4 fitness=3" },
	/* illness after the words that lead to it */
	{ "I'm sick", "ILL sick" },
	{ "I\xe2\x80\x99m sick", "ILL sick" },
	{ "Hi coach, I'm injured - tweaked my back",
	  "ILL injured [tweaked my back]" },
	{ "feeling a bit ill today", "ILL sick [today]" },
	{ "Je suis malade", "ILL sick" },
	{ "ich bin krank", "ILL sick" },
	{ "Estoy lesionada, me duele la rodilla",
	  "ILL injured [me duele la rodilla]" },
	{ "I'm not sick", "UNKNOWN" },
	{ "my back is sick", "UNKNOWN" },
	/* a check-in item's answer in a word, its level a guess */
	{ "Sleep bad, stress 5", "SCORES sleep=6w(bad) stress=5w" },
	{ "sleep good tired 5", "SCORES sleep=2w(good) fatigue=5w" },
	{ "sommeil mauvais", "SCORES sleep=6w(mauvais)" },
	{ "Schlaf schlecht, müde 5", "SCORES sleep=6w(schlecht) fatigue=5w" },
	{ "sueño mal", "SCORES sleep=6w(mal)" },
	{ "technique bad", "UNKNOWN" },
	/* a session's effort in words */
	{ "rpe 7 for 90 mins", "RPE rpe=7x90" },
	{ "did 75 min, felt like a 6", "RPE rpe=6x75" },
	{ "felt like a 6", "RPE rpe=6x0" },
	{ "1h30, rpe 7", "RPE rpe=7x90" },
	{ "90 min rpe 7 sleep 2", "SCORES sleep=2w rpe=7x90" },
	{ "séance 7 pendant une heure", "RPE rpe=7x60" },
	{ "ressenti comme un 6, 75 mn", "RPE rpe=6x75" },
	{ "Belastung gefühlt wie eine 6", "UNKNOWN" },
	{ "gefühlt wie eine 6, 90 Minuten", "RPE rpe=6x90" },
	{ "sentí como un 6 durante 75 minutos", "RPE rpe=6x75" },
	{ "felt good", "UNKNOWN" },
};

/*
 * Whether in, read for a team of names (NULL: none), gives want; says
 * what it gave when not, so that a table's every miss is shown.
 */
static int
expect(const char *in, const struct sms_names *names, const char *want)
{
	struct sms_cmd	 c;
	char		 got[512];

	sms_parse(in, names, &c);
	describe(&c, got, sizeof(got));
	if (strcmp(got, want) != 0) {
		print_error("'%s': got '%s', want '%s'\n", in, got, want);
		return 0;
	}
	if (c.kind == SMS_UNKNOWN && c.how == NULL) {
		print_error("'%s': no advice for an unknown text\n", in);
		return 0;
	}
	return 1;
}

static void
test_table(void **state)
{
	size_t	 i;
	int	 ok = 1;

	(void)state;
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		ok &= expect(table[i].in, NULL, table[i].want);
	assert_true(ok);
}

/*
 * Scores alone with a decimal comma, where the athlete's language
 * writes one: "80,9" is kept whole for the metric at its place to read
 * (reply.c: a number's tenths, or two scores at a scale's); where "82.5"
 * is written, a comma among scores alone stays between two scores.
 */
static const struct {
	const char	*lang, *in, *want;
} commas[] = {
	{ "en", "4,3,5", "POSITIONAL =4 =3 =5" },
	{ "en", "4,3", "POSITIONAL =4 =3" },
	{ "en", "weight 80,9", "SCORES weight=80,9" },
	{ "fr", "4 6:25,0 80,9", "POSITIONAL =4 =6:25,0 =80,9" },
	{ "fr", "Salut coach 4 6:25,0 80,9 kg merci",
	  "POSITIONAL =4 =6:25,0 =80,9" },
	{ "fr", "4,3,5", "POSITIONAL =4,3 =5" },
	{ "fr", "80,9", "POSITIONAL =80,9" },
	{ "fr", "guess 4 80,9", "GUESS =4 =80,9" },
	{ "fr", "technique 4 ergo 6:25,0 poids 80,9",
	  "SCORES technique=4 ergo=6:25,0 poids=80,9" },
	{ "fr", "rpe 7,90", "RPE rpe=7x90" },
	{ "fr", "seance 7 1,5 h", "RPE rpe=7x90" },
	{ "de", "Anstrengung 7, 1,5 Stunden", "RPE rpe=7x90" },
	{ "fr", "sleep 2,3", "UNKNOWN" },
	{ "de", "4 6:25,0 80,9", "POSITIONAL =4 =6:25,0 =80,9" },
	{ "de", "Technik 4, Ergo 6:25,0, Gewicht 80,9",
	  "SCORES technik=4 ergo=6:25,0 gewicht=80,9" },
};

static void
test_commas(void **state)
{
	struct sms_cmd	 c;
	const char	*was;
	char		 got[512];
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(commas) / sizeof(commas[0]); i++) {
		was = words_reader(commas[i].lang);
		sms_parse(commas[i].in, NULL, &c);
		words_reader(was);
		describe(&c, got, sizeof(got));
		if (strcmp(got, commas[i].want) != 0)
			fail_msg("%s '%s': got '%s', want '%s'", commas[i].lang,
			    commas[i].in, got, commas[i].want);
	}
}

/*
 * A team that named a metric or a check-in item with an everyday word
 * for a session's effort rates it with that word; "rpe" is the scale's
 * name.  A metric that only starts with the word takes it as a short
 * name with a score alone, and leaves it an effort with a length.
 */
static const struct row named[] = {
	{ "effort 4", "SCORES effort=4" },
	{ "Effort 4, technique 3", "SCORES effort=4 technique=3" },
	{ "effort 82,5", "SCORES effort=82,5" },
	{ "guess effort 3", "GUESS effort=3" },
	{ "Belastung 3", "SCORES belastung=3" },
	{ "training 6 90", "RPE rpe=6x90" },
	{ "Training 6 1h30", "RPE rpe=6x90" },
	{ "training 4", "SCORES training=4" },
	{ "training 4 technique 3", "SCORES training=4 technique=3" },
	{ "rpe 6 60 effort 4", "SCORES effort=4 rpe=6x60" },
	{ "effort 6 75 min", "UNKNOWN" },
};

static void
test_named(void **state)
{
	static char		 slug[] = "effort", name[] = "Effort";
	static char		 slug2[] = "fleiss";
	static char		 name2[] = "Trainingsflei\xc3\x9f";
	static struct metric	 m[] = {
		{ .slug = slug, .name = name },
		{ .slug = slug2, .name = name2 },
	};
	static const struct metric_set ms = { m, 2 };
	static const struct checkin_items items = { .n = 1,
	    .v = { { 0, "belastung", "Belastung", 1, 7, 0, 0 } } };
	const struct sms_names	 team = { &ms, &items };
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		assert_true(expect(named[i].in, &team, named[i].want));
}

/*
 * A text it cannot read still has a closest reading: each number, with
 * the word before it when there is one, and the first word it could
 * not place, which the reply names and writes a line from to send back.
 */
static const struct row nearest[] = {
	{ "boat feel 4", "feel=4 bad=boat" },
	{ "Ben here 6 7 7:10 4", "here=6 =7 =7:10 =4 bad=Ben" },
	{ "who is this??", "bad=who" },
	{ "sleep 3 4/5 pls", "sleep=3w =4/ bad=" },
	{ "technique 4 fitness", "technique=4 bad=fitness" },
};

static void
test_near(void **state)
{
	struct sms_cmd	 c;
	char		 got[512];
	size_t		 i, j, n;

	(void)state;
	for (i = 0; i < sizeof(nearest) / sizeof(nearest[0]); i++) {
		sms_parse(nearest[i].in, NULL, &c);
		assert_int_equal(c.kind, SMS_UNKNOWN);
		for (j = 0, n = 0; j < c.nnear; j++)
			if (c.near[j].value[0])
				n += (size_t)snprintf(got + n, sizeof(got) - n,
				    "%s=%s ", c.near[j].word, c.near[j].value);
			else
				n += (size_t)snprintf(got + n, sizeof(got) - n,
				    "%s=%d%s%s ", c.near[j].word,
				    c.near[j].score, c.near[j].out_of ? "/" :
				    "", c.near[j].wellness ? "w" : "");
		snprintf(got + n, sizeof(got) - n, "bad=%s", c.bad);
		if (strcmp(got, nearest[i].want) != 0)
			fail_msg("'%s': got '%s', want '%s'", nearest[i].in,
			    got, nearest[i].want);
	}
}

static void
test_bounds(void **state)
{
	struct sms_cmd	 c;
	char		 big[SMS_MAX_BODY + 10];
	char		 many[1024] = "";
	int		 i;

	(void)state;
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	sms_parse(big, NULL, &c);
	assert_int_equal(c.kind, SMS_UNKNOWN);
	for (i = 0; i < SMS_MAX_PAIRS + 1; i++)
		strcat(many, "m 1 ");
	sms_parse(many, NULL, &c);
	assert_int_equal(c.kind, SMS_UNKNOWN);	/* more pairs than fit */
}

/* Limits count characters: a note of 400 emoji (1,600 bytes) is read. */
static void
test_characters(void **state)
{
	static char	 note[5 + 1599 * 4 + 1], over[5 + 1601 * 4 + 1];
	struct sms_cmd	 c;
	int		 i;

	(void)state;
	snprintf(note, sizeof(note), "note ");
	for (i = 0; i < 400; i++)
		strcat(note, "\xf0\x9f\x9a\xa3");	/* a rowing boat */
	sms_parse(note, NULL, &c);
	assert_int_equal(c.kind, SMS_NOTE);
	assert_int_equal(strlen(c.text), 1600);
	snprintf(note, sizeof(note), "note ");
	for (i = 0; i < 1595; i++)
		strcat(note, "\xc3\xa9");	/* 1,600 characters in all */
	sms_parse(note, NULL, &c);
	assert_int_equal(c.kind, SMS_NOTE);
	assert_int_equal(utf8_chars(c.text), 1595);
	snprintf(over, sizeof(over), "note ");
	for (i = 0; i < 1596; i++)
		strcat(over, "\xc3\xa9");	/* 1,601 characters */
	sms_parse(over, NULL, &c);
	assert_int_equal(c.kind, SMS_UNKNOWN);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_commas),
		cmocka_unit_test(test_named),
		cmocka_unit_test(test_near),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_characters),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
