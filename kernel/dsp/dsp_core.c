// SPDX-License-Identifier: GPL-2.0-only
/*
 * Shared fixed-point building blocks of the telephony DSP: sine, oscillator,
 * Goertzel filter, decibel conversion. No floating point (the kernel has
 * none); the tables were computed offline from their definitions given
 * beside them.
 */
#include "dsp.h"

/* sin(2 * pi * i / 1024) * 32767 for i = 0..256: the first quarter wave. */
static const int16_t dsp_quarter_sine[257] = {
	0, 201, 402, 603, 804, 1005, 1206, 1407, 1608, 1809,
	2009, 2210, 2410, 2611, 2811, 3012, 3212, 3412, 3612, 3811,
	4011, 4210, 4410, 4609, 4808, 5007, 5205, 5404, 5602, 5800,
	5998, 6195, 6393, 6590, 6786, 6983, 7179, 7375, 7571, 7767,
	7962, 8157, 8351, 8545, 8739, 8933, 9126, 9319, 9512, 9704,
	9896, 10087, 10278, 10469, 10659, 10849, 11039, 11228, 11417, 11605,
	11793, 11980, 12167, 12353, 12539, 12725, 12910, 13094, 13279, 13462,
	13645, 13828, 14010, 14191, 14372, 14553, 14732, 14912, 15090, 15269,
	15446, 15623, 15800, 15976, 16151, 16325, 16499, 16673, 16846, 17018,
	17189, 17360, 17530, 17700, 17869, 18037, 18204, 18371, 18537, 18703,
	18868, 19032, 19195, 19357, 19519, 19680, 19841, 20000, 20159, 20317,
	20475, 20631, 20787, 20942, 21096, 21250, 21403, 21554, 21705, 21856,
	22005, 22154, 22301, 22448, 22594, 22739, 22884, 23027, 23170, 23311,
	23452, 23592, 23731, 23870, 24007, 24143, 24279, 24413, 24547, 24680,
	24811, 24942, 25072, 25201, 25329, 25456, 25582, 25708, 25832, 25955,
	26077, 26198, 26319, 26438, 26556, 26674, 26790, 26905, 27019, 27133,
	27245, 27356, 27466, 27575, 27683, 27790, 27896, 28001, 28105, 28208,
	28310, 28411, 28510, 28609, 28706, 28803, 28898, 28992, 29085, 29177,
	29268, 29358, 29447, 29534, 29621, 29706, 29791, 29874, 29956, 30037,
	30117, 30195, 30273, 30349, 30424, 30498, 30571, 30643, 30714, 30783,
	30852, 30919, 30985, 31050, 31113, 31176, 31237, 31297, 31356, 31414,
	31470, 31526, 31580, 31633, 31685, 31736, 31785, 31833, 31880, 31926,
	31971, 32014, 32057, 32098, 32137, 32176, 32213, 32250, 32285, 32318,
	32351, 32382, 32412, 32441, 32469, 32495, 32521, 32545, 32567, 32589,
	32609, 32628, 32646, 32663, 32678, 32692, 32705, 32717, 32728, 32737,
	32745, 32752, 32757, 32761, 32765, 32766, 32767,
};

/* 32768 * 10^(-n / 200) for n = 0..199: attenuation in steps of 0.1 dB. */
static const uint16_t dsp_att_tenth_db[200] = {
	32768, 32393, 32022, 31656, 31293, 30935, 30581, 30231, 29885, 29543,
	29205, 28870, 28540, 28213, 27890, 27571, 27255, 26943, 26635, 26330,
	26029, 25731, 25436, 25145, 24857, 24573, 24291, 24013, 23738, 23467,
	23198, 22932, 22670, 22410, 22154, 21900, 21650, 21402, 21157, 20915,
	20675, 20439, 20205, 19973, 19745, 19519, 19295, 19074, 18856, 18640,
	18427, 18216, 18007, 17801, 17597, 17396, 17197, 17000, 16805, 16613,
	16423, 16235, 16049, 15865, 15684, 15504, 15327, 15151, 14978, 14806,
	14637, 14469, 14304, 14140, 13978, 13818, 13660, 13504, 13349, 13196,
	13045, 12896, 12748, 12602, 12458, 12315, 12174, 12035, 11897, 11761,
	11627, 11493, 11362, 11232, 11103, 10976, 10851, 10726, 10604, 10482,
	10362, 10244, 10126, 10010, 9896, 9783, 9671, 9560, 9450, 9342,
	9235, 9130, 9025, 8922, 8820, 8719, 8619, 8520, 8423, 8326,
	8231, 8137, 8044, 7952, 7860, 7771, 7682, 7594, 7507, 7421,
	7336, 7252, 7169, 7087, 7006, 6925, 6846, 6768, 6690, 6614,
	6538, 6463, 6389, 6316, 6244, 6172, 6102, 6032, 5963, 5895,
	5827, 5760, 5694, 5629, 5565, 5501, 5438, 5376, 5314, 5254,
	5193, 5134, 5075, 5017, 4960, 4903, 4847, 4791, 4736, 4682,
	4629, 4576, 4523, 4471, 4420, 4370, 4320, 4270, 4221, 4173,
	4125, 4078, 4031, 3985, 3940, 3894, 3850, 3806, 3762, 3719,
	3677, 3635, 3593, 3552, 3511, 3471, 3431, 3392, 3353, 3315,
};

int16_t dsp_sin(uint32_t phase)
{
	/* 2 bits of quadrant, 8 bits of table index, 22 bits to interpolate. */
	uint32_t quadrant = phase >> 30;
	uint32_t idx = (phase >> 22) & 0xff;
	uint32_t frac = (phase >> 6) & 0xffff;
	int32_t a, b, v;

	if (quadrant & 1) {
		a = dsp_quarter_sine[256 - idx];
		b = dsp_quarter_sine[255 - idx];
	} else {
		a = dsp_quarter_sine[idx];
		b = dsp_quarter_sine[idx + 1];
	}
	v = a + (int32_t)(((int64_t)(b - a) * frac) >> 16);
	return (int16_t)(quadrant & 2 ? -v : v);
}

uint32_t dsp_phase_step(uint32_t freq_centihz)
{
	/* freq / 8000 of a full 2^32 turn; freq in 1/100 Hz */
	return (uint32_t)dsp_div_u64(((uint64_t)freq_centihz << 32) +
				     DSP_RATE * 50, DSP_RATE * 100);
}

uint16_t dsp_att_q15(uint32_t tenth_db)
{
	uint32_t v = dsp_att_tenth_db[tenth_db % 200];

	/* every 20 dB is a factor of ten */
	for (tenth_db /= 200; tenth_db && v; tenth_db--)
		v = (v + 5) / 10;
	return (uint16_t)(v > 32767 ? 32767 : v);
}

int16_t dsp_dbm0_peak(int32_t tenth_dbm0)
{
	int64_t v;

	if (tenth_dbm0 <= 0)
		return (int16_t)((DSP_DBM0_PEAK * (int32_t)dsp_att_q15(-tenth_dbm0)) >> 15);
	/* above 0 dBm0: divide by the attenuation, up to full scale */
	v = dsp_div_u64((uint64_t)DSP_DBM0_PEAK << 15,
			dsp_att_tenth_db[tenth_dbm0 < 200 ? tenth_dbm0 : 199]);
	return dsp_sat16((int32_t)(v > 32767 ? 32767 : v));
}

void dsp_osc_init(struct dsp_osc *o, uint32_t freq_centihz, int16_t peak)
{
	o->phase = 0;
	o->step = dsp_phase_step(freq_centihz);
	o->peak = peak;
}

int16_t dsp_osc_next(struct dsp_osc *o)
{
	int16_t s = (int16_t)(((int32_t)dsp_sin(o->phase) * o->peak) >> 15);

	o->phase += o->step;
	return s;
}

void dsp_goertzel_init(struct dsp_goertzel *g, uint32_t freq_centihz)
{
	/* 2 cos(w) in Q14 has the same bits as cos(w) in Q15; cos = sin + pi/2 */
	g->coef = dsp_sin(dsp_phase_step(freq_centihz) + 0x40000000u);
	g->s1 = 0;
	g->s2 = 0;
}

void dsp_goertzel_update(struct dsp_goertzel *g, const int16_t *x, size_t n)
{
	int32_t s1 = g->s1, s2 = g->s2, s0;
	size_t i;

	/* |s| stays below n * 32768, so blocks up to 2^15 samples fit */
	for (i = 0; i < n; i++) {
		s0 = (int32_t)(((int64_t)g->coef * s1) >> 14) - s2 + x[i];
		s2 = s1;
		s1 = s0;
	}
	g->s1 = s1;
	g->s2 = s2;
}

uint64_t dsp_goertzel_power(struct dsp_goertzel *g)
{
	int64_t s1 = g->s1, s2 = g->s2;
	int64_t p = s1 * s1 + s2 * s2 - (((int64_t)g->coef * s1) >> 14) * s2;

	g->s1 = 0;
	g->s2 = 0;
	return p < 0 ? 0 : (uint64_t)p;
}
