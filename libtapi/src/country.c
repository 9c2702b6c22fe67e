// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The countries and territories of the ITU's E.164 calling codes with their
 * dialing rules (lineGetCountry), for address translation (location.c).
 *
 * A country's ID is its calling code; where several share a code, the
 * first listed keeps the code as its ID and the others get code * 100 + n
 * (Canada 108 beside the United States' 1, Kazakhstan 701 beside Russia's
 * 7): no calling code is of that form, so IDs never collide.
 *
 * Rules, as TAPI writes them: E the country code, F the area (city) code,
 * G the subscriber number, anything else dialed as it stands (the trunk
 * prefix before a long-distance number, the international prefix). They
 * come from each country's trunk and international prefixes; the few that
 * need a carrier selection code (Brazil) cannot say it here: the
 * location's access codes can.
 */
#include <stddef.h>
#include <string.h>

#include "internal.h"

/* the subscriber number alone within the area, the trunk prefix between areas */
#define STD(trunk, intl)	"G", trunk "FG", intl "EFG"
/* the area code (part of the number) is always dialed; no trunk prefix */
#define CLOSED(intl)		"FG", "FG", intl "EFG"
/* the trunk prefix and area code are always dialed */
#define FULL(trunk, intl)	trunk "FG", trunk "FG", intl "EFG"
/* a non-geographic code: nobody dials from there */
#define GLOBAL			"", "", ""
#define NANP			STD("1", "011")
#define EX_USSR			STD("8", "810")

const struct tl_country tl_countries[] = {
	{ 1, 1, "United States of America", NANP },
	{ 101, 1, "American Samoa", NANP },
	{ 102, 1, "Anguilla", NANP },
	{ 103, 1, "Antigua and Barbuda", NANP },
	{ 104, 1, "Bahamas", NANP },
	{ 105, 1, "Barbados", NANP },
	{ 106, 1, "Bermuda", NANP },
	{ 107, 1, "British Virgin Islands", NANP },
	{ 108, 1, "Canada", NANP },
	{ 109, 1, "Cayman Islands", NANP },
	{ 110, 1, "Dominica", NANP },
	{ 111, 1, "Dominican Republic", NANP },
	{ 112, 1, "Grenada", NANP },
	{ 113, 1, "Guam", NANP },
	{ 114, 1, "Jamaica", NANP },
	{ 115, 1, "Montserrat", NANP },
	{ 116, 1, "Northern Mariana Islands", NANP },
	{ 117, 1, "Puerto Rico", NANP },
	{ 118, 1, "Saint Kitts and Nevis", NANP },
	{ 119, 1, "Saint Lucia", NANP },
	{ 120, 1, "Saint Vincent and the Grenadines", NANP },
	{ 121, 1, "Sint Maarten", NANP },
	{ 122, 1, "Trinidad and Tobago", NANP },
	{ 123, 1, "Turks and Caicos Islands", NANP },
	{ 124, 1, "United States Virgin Islands", NANP },
	{ 7, 7, "Russia", EX_USSR },
	{ 701, 7, "Kazakhstan", EX_USSR },
	{ 20, 20, "Egypt", STD("0", "00") },
	{ 27, 27, "South Africa", STD("0", "00") },
	{ 30, 30, "Greece", CLOSED("00") },
	{ 31, 31, "Netherlands", STD("0", "00") },
	{ 32, 32, "Belgium", FULL("0", "00") },
	{ 33, 33, "France", FULL("0", "00") },
	{ 34, 34, "Spain", CLOSED("00") },
	{ 36, 36, "Hungary", STD("06", "00") },
	{ 39, 39, "Italy", CLOSED("00") },
	{ 3901, 39, "Vatican City", CLOSED("00") },
	{ 40, 40, "Romania", STD("0", "00") },
	{ 41, 41, "Switzerland", FULL("0", "00") },
	{ 43, 43, "Austria", STD("0", "00") },
	{ 44, 44, "United Kingdom", STD("0", "00") },
	{ 4401, 44, "Guernsey", STD("0", "00") },
	{ 4402, 44, "Isle of Man", STD("0", "00") },
	{ 4403, 44, "Jersey", STD("0", "00") },
	{ 45, 45, "Denmark", CLOSED("00") },
	{ 46, 46, "Sweden", STD("0", "00") },
	{ 47, 47, "Norway", CLOSED("00") },
	{ 4701, 47, "Svalbard and Jan Mayen", CLOSED("00") },
	{ 48, 48, "Poland", CLOSED("00") },
	{ 49, 49, "Germany", STD("0", "00") },
	{ 51, 51, "Peru", STD("0", "00") },
	{ 52, 52, "Mexico", CLOSED("00") },
	{ 53, 53, "Cuba", STD("0", "119") },
	{ 54, 54, "Argentina", STD("0", "00") },
	{ 55, 55, "Brazil", STD("0", "00") },
	{ 56, 56, "Chile", CLOSED("00") },
	{ 57, 57, "Colombia", CLOSED("00") },
	{ 58, 58, "Venezuela", STD("0", "00") },
	{ 60, 60, "Malaysia", STD("0", "00") },
	{ 61, 61, "Australia", STD("0", "0011") },
	{ 6101, 61, "Christmas Island", STD("0", "0011") },
	{ 6102, 61, "Cocos (Keeling) Islands", STD("0", "0011") },
	{ 62, 62, "Indonesia", STD("0", "001") },
	{ 63, 63, "Philippines", STD("0", "00") },
	{ 64, 64, "New Zealand", STD("0", "00") },
	{ 6401, 64, "Pitcairn Islands", CLOSED("00") },
	{ 65, 65, "Singapore", CLOSED("000") },
	{ 66, 66, "Thailand", STD("0", "001") },
	{ 81, 81, "Japan", STD("0", "010") },
	{ 82, 82, "South Korea", STD("0", "001") },
	{ 84, 84, "Vietnam", STD("0", "00") },
	{ 86, 86, "China", STD("0", "00") },
	{ 90, 90, "Turkey", STD("0", "00") },
	{ 91, 91, "India", STD("0", "00") },
	{ 92, 92, "Pakistan", STD("0", "00") },
	{ 93, 93, "Afghanistan", STD("0", "00") },
	{ 94, 94, "Sri Lanka", STD("0", "00") },
	{ 95, 95, "Myanmar", STD("0", "00") },
	{ 98, 98, "Iran", STD("0", "00") },
	{ 211, 211, "South Sudan", STD("0", "00") },
	{ 212, 212, "Morocco", STD("0", "00") },
	{ 21201, 212, "Western Sahara", STD("0", "00") },
	{ 213, 213, "Algeria", STD("0", "00") },
	{ 216, 216, "Tunisia", CLOSED("00") },
	{ 218, 218, "Libya", STD("0", "00") },
	{ 220, 220, "Gambia", CLOSED("00") },
	{ 221, 221, "Senegal", CLOSED("00") },
	{ 222, 222, "Mauritania", CLOSED("00") },
	{ 223, 223, "Mali", CLOSED("00") },
	{ 224, 224, "Guinea", CLOSED("00") },
	{ 225, 225, "Côte d'Ivoire", CLOSED("00") },
	{ 226, 226, "Burkina Faso", CLOSED("00") },
	{ 227, 227, "Niger", CLOSED("00") },
	{ 228, 228, "Togo", CLOSED("00") },
	{ 229, 229, "Benin", CLOSED("00") },
	{ 230, 230, "Mauritius", CLOSED("020") },
	{ 231, 231, "Liberia", STD("0", "00") },
	{ 232, 232, "Sierra Leone", STD("0", "00") },
	{ 233, 233, "Ghana", STD("0", "00") },
	{ 234, 234, "Nigeria", STD("0", "009") },
	{ 235, 235, "Chad", CLOSED("00") },
	{ 236, 236, "Central African Republic", CLOSED("00") },
	{ 237, 237, "Cameroon", CLOSED("00") },
	{ 238, 238, "Cabo Verde", CLOSED("0") },
	{ 239, 239, "São Tomé and Príncipe", CLOSED("00") },
	{ 240, 240, "Equatorial Guinea", CLOSED("00") },
	{ 241, 241, "Gabon", CLOSED("00") },
	{ 242, 242, "Congo", CLOSED("00") },
	{ 243, 243, "Democratic Republic of the Congo", STD("0", "00") },
	{ 244, 244, "Angola", CLOSED("00") },
	{ 245, 245, "Guinea-Bissau", CLOSED("00") },
	{ 246, 246, "Diego Garcia", CLOSED("00") },
	{ 247, 247, "Ascension Island", CLOSED("00") },
	{ 248, 248, "Seychelles", CLOSED("00") },
	{ 249, 249, "Sudan", STD("0", "00") },
	{ 250, 250, "Rwanda", CLOSED("00") },
	{ 251, 251, "Ethiopia", STD("0", "00") },
	{ 252, 252, "Somalia", STD("0", "00") },
	{ 253, 253, "Djibouti", CLOSED("00") },
	{ 254, 254, "Kenya", STD("0", "000") },
	{ 255, 255, "Tanzania", STD("0", "000") },
	{ 256, 256, "Uganda", STD("0", "000") },
	{ 257, 257, "Burundi", CLOSED("00") },
	{ 258, 258, "Mozambique", CLOSED("00") },
	{ 260, 260, "Zambia", STD("0", "00") },
	{ 261, 261, "Madagascar", STD("0", "00") },
	{ 262, 262, "Réunion", STD("0", "00") },
	{ 26201, 262, "Mayotte", STD("0", "00") },
	{ 263, 263, "Zimbabwe", STD("0", "00") },
	{ 264, 264, "Namibia", STD("0", "00") },
	{ 265, 265, "Malawi", STD("0", "00") },
	{ 266, 266, "Lesotho", CLOSED("00") },
	{ 267, 267, "Botswana", CLOSED("00") },
	{ 268, 268, "Eswatini", CLOSED("00") },
	{ 269, 269, "Comoros", CLOSED("00") },
	{ 290, 290, "Saint Helena", CLOSED("00") },
	{ 29001, 290, "Tristan da Cunha", CLOSED("00") },
	{ 291, 291, "Eritrea", STD("0", "00") },
	{ 297, 297, "Aruba", CLOSED("00") },
	{ 298, 298, "Faroe Islands", CLOSED("00") },
	{ 299, 299, "Greenland", CLOSED("00") },
	{ 350, 350, "Gibraltar", CLOSED("00") },
	{ 351, 351, "Portugal", CLOSED("00") },
	{ 352, 352, "Luxembourg", CLOSED("00") },
	{ 353, 353, "Ireland", STD("0", "00") },
	{ 354, 354, "Iceland", CLOSED("00") },
	{ 355, 355, "Albania", STD("0", "00") },
	{ 356, 356, "Malta", CLOSED("00") },
	{ 357, 357, "Cyprus", CLOSED("00") },
	{ 358, 358, "Finland", STD("0", "00") },
	{ 35801, 358, "Åland Islands", STD("0", "00") },
	{ 359, 359, "Bulgaria", STD("0", "00") },
	{ 370, 370, "Lithuania", STD("8", "00") },
	{ 371, 371, "Latvia", CLOSED("00") },
	{ 372, 372, "Estonia", CLOSED("00") },
	{ 373, 373, "Moldova", STD("0", "00") },
	{ 374, 374, "Armenia", STD("0", "00") },
	{ 375, 375, "Belarus", EX_USSR },
	{ 376, 376, "Andorra", CLOSED("00") },
	{ 377, 377, "Monaco", CLOSED("00") },
	{ 378, 378, "San Marino", CLOSED("00") },
	{ 380, 380, "Ukraine", STD("0", "00") },
	{ 381, 381, "Serbia", STD("0", "00") },
	{ 382, 382, "Montenegro", STD("0", "00") },
	{ 383, 383, "Kosovo", STD("0", "00") },
	{ 385, 385, "Croatia", STD("0", "00") },
	{ 386, 386, "Slovenia", STD("0", "00") },
	{ 387, 387, "Bosnia and Herzegovina", STD("0", "00") },
	{ 389, 389, "North Macedonia", STD("0", "00") },
	{ 420, 420, "Czech Republic", CLOSED("00") },
	{ 421, 421, "Slovakia", STD("0", "00") },
	{ 423, 423, "Liechtenstein", CLOSED("00") },
	{ 500, 500, "Falkland Islands", CLOSED("00") },
	{ 50001, 500, "South Georgia and the South Sandwich Islands", CLOSED("00") },
	{ 501, 501, "Belize", CLOSED("00") },
	{ 502, 502, "Guatemala", CLOSED("00") },
	{ 503, 503, "El Salvador", CLOSED("00") },
	{ 504, 504, "Honduras", CLOSED("00") },
	{ 505, 505, "Nicaragua", CLOSED("00") },
	{ 506, 506, "Costa Rica", CLOSED("00") },
	{ 507, 507, "Panama", CLOSED("00") },
	{ 508, 508, "Saint Pierre and Miquelon", CLOSED("00") },
	{ 509, 509, "Haiti", CLOSED("00") },
	{ 590, 590, "Guadeloupe", FULL("0", "00") },
	{ 59001, 590, "Saint Barthélemy", FULL("0", "00") },
	{ 59002, 590, "Saint Martin", FULL("0", "00") },
	{ 591, 591, "Bolivia", STD("0", "00") },
	{ 592, 592, "Guyana", CLOSED("001") },
	{ 593, 593, "Ecuador", STD("0", "00") },
	{ 594, 594, "French Guiana", FULL("0", "00") },
	{ 595, 595, "Paraguay", STD("0", "00") },
	{ 596, 596, "Martinique", FULL("0", "00") },
	{ 597, 597, "Suriname", CLOSED("00") },
	{ 598, 598, "Uruguay", CLOSED("00") },
	{ 599, 599, "Caribbean Netherlands", CLOSED("00") },
	{ 59901, 599, "Curaçao", CLOSED("00") },
	{ 670, 670, "Timor-Leste", CLOSED("00") },
	{ 672, 672, "Norfolk Island", CLOSED("00") },
	{ 67201, 672, "Australian Antarctic Territory", CLOSED("00") },
	{ 673, 673, "Brunei", CLOSED("00") },
	{ 674, 674, "Nauru", CLOSED("00") },
	{ 675, 675, "Papua New Guinea", CLOSED("00") },
	{ 676, 676, "Tonga", CLOSED("00") },
	{ 677, 677, "Solomon Islands", CLOSED("00") },
	{ 678, 678, "Vanuatu", CLOSED("00") },
	{ 679, 679, "Fiji", CLOSED("00") },
	{ 680, 680, "Palau", CLOSED("011") },
	{ 681, 681, "Wallis and Futuna", CLOSED("00") },
	{ 682, 682, "Cook Islands", CLOSED("00") },
	{ 683, 683, "Niue", CLOSED("00") },
	{ 685, 685, "Samoa", CLOSED("0") },
	{ 686, 686, "Kiribati", CLOSED("00") },
	{ 687, 687, "New Caledonia", CLOSED("00") },
	{ 688, 688, "Tuvalu", CLOSED("00") },
	{ 689, 689, "French Polynesia", CLOSED("00") },
	{ 690, 690, "Tokelau", CLOSED("00") },
	{ 691, 691, "Micronesia", CLOSED("011") },
	{ 692, 692, "Marshall Islands", STD("1", "011") },
	{ 800, 800, "International Freephone Service", GLOBAL },
	{ 808, 808, "International Shared Cost Service", GLOBAL },
	{ 850, 850, "North Korea", STD("0", "00") },
	{ 852, 852, "Hong Kong", CLOSED("001") },
	{ 853, 853, "Macao", CLOSED("00") },
	{ 855, 855, "Cambodia", STD("0", "001") },
	{ 856, 856, "Laos", STD("0", "00") },
	{ 870, 870, "Inmarsat", GLOBAL },
	{ 878, 878, "Universal Personal Telecommunications", GLOBAL },
	{ 880, 880, "Bangladesh", STD("0", "00") },
	{ 881, 881, "Global Mobile Satellite System", GLOBAL },
	{ 882, 882, "International Networks", GLOBAL },
	{ 883, 883, "International Networks", GLOBAL },
	{ 886, 886, "Taiwan", STD("0", "002") },
	{ 888, 888, "Telecommunications for Disaster Relief", GLOBAL },
	{ 960, 960, "Maldives", CLOSED("00") },
	{ 961, 961, "Lebanon", STD("0", "00") },
	{ 962, 962, "Jordan", STD("0", "00") },
	{ 963, 963, "Syria", STD("0", "00") },
	{ 964, 964, "Iraq", STD("0", "00") },
	{ 965, 965, "Kuwait", CLOSED("00") },
	{ 966, 966, "Saudi Arabia", STD("0", "00") },
	{ 967, 967, "Yemen", STD("0", "00") },
	{ 968, 968, "Oman", CLOSED("00") },
	{ 970, 970, "Palestine", STD("0", "00") },
	{ 971, 971, "United Arab Emirates", STD("0", "00") },
	{ 972, 972, "Israel", STD("0", "00") },
	{ 973, 973, "Bahrain", CLOSED("00") },
	{ 974, 974, "Qatar", CLOSED("00") },
	{ 975, 975, "Bhutan", CLOSED("00") },
	{ 976, 976, "Mongolia", STD("0", "001") },
	{ 977, 977, "Nepal", STD("0", "00") },
	{ 979, 979, "International Premium Rate Service", GLOBAL },
	{ 992, 992, "Tajikistan", EX_USSR },
	{ 993, 993, "Turkmenistan", EX_USSR },
	{ 994, 994, "Azerbaijan", STD("0", "00") },
	{ 995, 995, "Georgia", STD("0", "00") },
	{ 996, 996, "Kyrgyzstan", STD("0", "00") },
	{ 998, 998, "Uzbekistan", EX_USSR },
};

const unsigned int tl_ncountries = sizeof(tl_countries) / sizeof(tl_countries[0]);

const struct tl_country *tl_country_by_id(DWORD id)
{
	for (unsigned int i = 0; i < tl_ncountries; i++)
		if (tl_countries[i].id == id)
			return &tl_countries[i];
	return NULL;
}

/* The country a calling code names: the one whose ID is the code. */
const struct tl_country *tl_country_by_code(DWORD code)
{
	return code ? tl_country_by_id(code) : NULL;
}

/* Bytes a string takes in a variable part: empty ones are a lone NUL. */
static DWORD tl_str_size(const char *s)
{
	return (DWORD)strlen(s) + 1;
}

static DWORD tl_entry_strings(const struct tl_country *c)
{
	return tl_str_size(c->name) + tl_str_size(c->same_area) + tl_str_size(c->long_distance) +
	       tl_str_size(c->international);
}

static DWORD tl_put(char *base, DWORD *at, DWORD *size, DWORD *offset, const char *s)
{
	DWORD n = tl_str_size(s);

	memcpy(base + *at, s, n);
	*size = n;
	*offset = *at;
	*at += n;
	return n;
}

/*
 * dwCountryID 0: every country; otherwise that one (1, the first listed,
 * is the United States). The list (entries, then their strings) is one
 * variable part: all of it or, when it does not fit, none (dwNumCountries
 * 0 then, dwNeededSize what it takes).
 */
EXPORT LONG WINAPI lineGetCountry(DWORD dwCountryID, DWORD dwAPIVersion,
				  LPLINECOUNTRYLIST lpLineCountryList)
{
	const struct tl_country *only = NULL;
	LPLINECOUNTRYLIST l = lpLineCountryList;
	unsigned int first = 0, n = tl_ncountries, i;
	DWORD need, at;
	struct tl_vs v;
	LONG ret;

	/* lineGetCountry came with TAPI 1.4 */
	if (dwAPIVersion < 0x00010004 || dwAPIVersion > API_HIGH)
		return LINEERR_INCOMPATIBLEAPIVERSION;
	if (!l)
		return LINEERR_INVALPOINTER;
	if (dwCountryID) {
		only = tl_country_by_id(dwCountryID);
		if (!only)
			return LINEERR_INVALCOUNTRYCODE;
		first = (unsigned int)(only - tl_countries);
		n = 1;
	}
	ret = tl_vs_begin(&v, l, sizeof(*l), sizeof(*l));
	if (ret)
		return ret;
	need = n * sizeof(LINECOUNTRYENTRY);
	for (i = first; i < first + n; i++)
		need += tl_entry_strings(&tl_countries[i]);
	v.needed += need;
	if (v.total - v.used >= need) {
		LPLINECOUNTRYENTRY e = (LPLINECOUNTRYENTRY)((char *)l + v.used);
		char *base = (char *)l;

		l->dwNumCountries = n;
		l->dwCountryListSize = n * sizeof(*e);
		l->dwCountryListOffset = v.used;
		at = v.used + l->dwCountryListSize;
		for (i = 0; i < n; i++, e++) {
			const struct tl_country *c = &tl_countries[first + i];

			memset(e, 0, sizeof(*e));
			e->dwCountryID = c->id;
			e->dwCountryCode = c->code;
			e->dwNextCountryID = first + i + 1 < tl_ncountries ?
					     tl_countries[first + i + 1].id : 0;
			tl_put(base, &at, &e->dwCountryNameSize, &e->dwCountryNameOffset, c->name);
			tl_put(base, &at, &e->dwSameAreaRuleSize, &e->dwSameAreaRuleOffset,
			    c->same_area);
			tl_put(base, &at, &e->dwLongDistanceRuleSize,
			    &e->dwLongDistanceRuleOffset, c->long_distance);
			tl_put(base, &at, &e->dwInternationalRuleSize,
			    &e->dwInternationalRuleOffset, c->international);
		}
		v.used = at;
	}
	tl_vs_end(&v);
	return 0;
}

ALIAS_A(lineGetCountry);
