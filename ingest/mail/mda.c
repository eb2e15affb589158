/*
 * mda.c - cox mail --stdin: one message on standard input, as a mail
 * server's delivery agent (Postfix, procmail).  Its bytes are kept
 * before it is read, and the answer that it was taken comes only after
 * the commit: OUT_RETRY becomes exit 75, so the server tries later.
 */
#include <string.h>
#include <unistd.h>

#include "mail.h"

/*
 * One message from standard input: its bytes are kept (mail/raw/)
 * before it is read.  OUT_OK once it is stored, answered or quarantined
 * (or was before), OUT_RETRY when it is to be delivered again.
 */
enum outcome
mda_deliver(struct mailer *mx)
{
	struct incoming	 in;
	struct buf	 raw = { 0 };
	char		 hash[65];
	int		 busy;
	enum mail_outcome o = MAIL_RETRY;

	memset(&in, 0, sizeof(in));
	in.source = "stdin";
	busy = hook_busy(mx->ws);	/* the hook waits for this delivery */
	/* a huge message is kept (its head) and quarantined, not retried */
	if (file_read_head("-", MAIL_MAX_SIZE, &raw, &in.too_big) == -1)
		goto out;
	intake_hash(raw.data, raw.len, hash);
	if (intake_keep_raw(mx, "raw", hash, raw.data, raw.len, in.raw_path,
	    sizeof(in.raw_path)) == -1)
		goto out;
	if (db_read(mx->ws->db) == -1)
		goto out;
	intake_prepare(mx, &in, raw.data, raw.len);
	db_rollback(mx->ws->db);	/* the read transaction */
	if (in.what == MAIL_QUARANTINED &&
	    intake_quarantine(mx, &in, raw.data, raw.len) == -1)
		goto out;
	if (db_begin(mx->ws->db) == -1)
		goto out;
	o = intake_record(mx, &in);
	/* a parser failure's note is kept even though the text was not */
	if (db_commit(mx->ws->db) == -1) {
		db_rollback(mx->ws->db);
		o = MAIL_RETRY;
	}
out:
	ratemail_index_free(mx->index);
	mx->index = NULL;
	waiting_forget(&mx->waiting);
	intake_free(&in);
	buf_free(&raw);
	if (o == MAIL_STORED || o == MAIL_REJECTED)
		hook_ingested(mx->ws, busy);
	else if (busy != -1)
		close(busy);
	return o == MAIL_RETRY ? OUT_RETRY : OUT_OK;
}
