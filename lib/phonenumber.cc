/*
 * phonenumber.cc - Google's libphonenumber behind a C interface: a
 * number as written, read in a region, made E.164 and told apart by the
 * kind of line it is, from the numbering plans of every country the
 * library knows.  The only C++ in coxswain; lib/phone.c decides which
 * kinds a team may text and says why not.
 *
 * Nothing here throws past its interface: an allocation that fails
 * inside the library is OUT_FAILED, so a daemon reading a number from a
 * mail never aborts.
 */
#include <phonenumbers/phonenumberutil.h>

#include <cstring>
#include <set>
#include <string>

extern "C" {
#include "plumbing.h"
}

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

/* A region code in the library's capitals ("gb" -> "GB"). */
static std::string
region_upper(const char *region)
{
	std::string	 r(region != NULL ? region : "");

	for (char &c : r)
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
	return r;
}

/* What the library calls a kind of line, in the few kinds phone.c tells apart. */
static enum phone_kind
kind_of(PhoneNumberUtil::PhoneNumberType type)
{
	switch (type) {
	case PhoneNumberUtil::MOBILE:
	case PhoneNumberUtil::FIXED_LINE_OR_MOBILE:
		return PHONE_MOBILE;
	case PhoneNumberUtil::FIXED_LINE:
		return PHONE_FIXED;
	case PhoneNumberUtil::VOIP:
		return PHONE_VOIP;
	case PhoneNumberUtil::PAGER:
		return PHONE_PAGER;
	case PhoneNumberUtil::PERSONAL_NUMBER:
		return PHONE_PERSONAL;
	case PhoneNumberUtil::TOLL_FREE:
	case PhoneNumberUtil::PREMIUM_RATE:
	case PhoneNumberUtil::SHARED_COST:
	case PhoneNumberUtil::UAN:
	case PhoneNumberUtil::VOICEMAIL:
		return PHONE_SERVICE;
	default:
		return PHONE_UNKNOWN;
	}
}

/*
 * Whether region (any case) is a country or territory the library has a
 * numbering plan for: 0 or 1.
 */
extern "C" int
phonenumber_region_known(const char *region)
{
	try {
		std::set<std::string>	 all;

		PhoneNumberUtil::GetInstance()->GetSupportedRegions(&all);
		return all.count(region_upper(region)) > 0;
	} catch (...) {
		return 0;
	}
}

/* The kind of a number the library parsed, and its E.164 form in out. */
static enum phone_kind
phonenumber_judge(const PhoneNumber &n, char out[PHONE_MAX])
{
	const PhoneNumberUtil	*u = PhoneNumberUtil::GetInstance();
	std::string		 e164;

	u->Format(n, PhoneNumberUtil::E164, &e164);
	if (e164.size() >= PHONE_MAX)
		return PHONE_LENGTH;
	memcpy(out, e164.c_str(), e164.size() + 1);
	if (u->IsValidNumber(n))
		return kind_of(u->GetNumberType(n));
	switch (u->IsPossibleNumberForTypeWithReason(n,
	    PhoneNumberUtil::MOBILE)) {
	case PhoneNumberUtil::IS_POSSIBLE:
	case PhoneNumberUtil::IS_POSSIBLE_LOCAL_ONLY:
		return PHONE_UNKNOWN;
	default:
		return PHONE_LENGTH;
	}
}

/*
 * Reads number ("+52 222 123 4567", or "0712 123456" in region "KE";
 * only digits and a leading "+", the caller dropped the rest) and sets
 * *kind.  From PHONE_UNKNOWN on, out holds its E.164 form.  Returns
 * OUT_OK, or OUT_FAILED when memory ran out.
 */
extern "C" enum outcome
phonenumber_read(const char *number, const char *region,
    char out[PHONE_MAX], enum phone_kind *kind)
{
	try {
		PhoneNumber	 n;

		*kind = PHONE_LENGTH;
		switch (PhoneNumberUtil::GetInstance()->Parse(number,
		    region_upper(region), &n)) {
		case PhoneNumberUtil::NO_PARSING_ERROR:
			*kind = phonenumber_judge(n, out);
			break;
		case PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR:
			*kind = PHONE_NOCOUNTRY;
			break;
		default:	/* too short, too long, not a number at all */
			break;
		}
		return OUT_OK;
	} catch (...) {
		return OUT_FAILED;
	}
}

/*
 * A mobile number of region as its people write it at home ("06 12 34
 * 56 78" in France), the library's own example, into out; -1 when it
 * has none or it does not fit.
 */
extern "C" int
phonenumber_example(const char *region, char *out, size_t size)
{
	try {
		const PhoneNumberUtil	*u = PhoneNumberUtil::GetInstance();
		PhoneNumber		 n;
		std::string		 s;

		if (!u->GetExampleNumberForType(region_upper(region),
		    PhoneNumberUtil::MOBILE, &n))
			return -1;
		u->Format(n, PhoneNumberUtil::NATIONAL, &s);
		if (s.empty() || s.size() >= size)
			return -1;
		memcpy(out, s.c_str(), s.size() + 1);
		return 0;
	} catch (...) {
		return -1;
	}
}
