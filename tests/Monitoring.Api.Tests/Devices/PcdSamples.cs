namespace Monitoring.Api.Tests.Devices;

/// <summary>
/// Sample PCD-01 messages of the IHE Patient Care Device Technical Framework, volume 2 (PCD TF-2),
/// appendix E "Examples of messages", segments ended by CR as on the wire.
/// </summary>
public static class PcdSamples
{
    /// <summary>
    /// IHE PCD TF-2 appendix E.1.1, observation report of a physiological monitor: an MDS/VMD/channel
    /// containment tree (OBX-4) whose numeric results carry OBX-11 <c>X</c>, times given by OBR-7 and by the
    /// channels' OBX-14. Laid out after the appendix; the gateway, patient and times are the TF's sample values.
    /// </summary>
    public static readonly string PhysiologicalMonitorE11 = Lines(
        @"MSH|^~\&|ACME_Gateway^080019FFFE3ED02D^EUI-64|ACME Healthcare|||20110602050000+0000||ORU^R01^ORU_R01|0104ef190d604db188c1|P|2.6|||AL|NE||UNICODE UTF-8|||PCD_DEC_001^IHE PCD^1.3.6.1.4.1.19376.1.6.1.1.1^ISO",
        @"PID|||HO2009001^^^NIST^PI||Hon^Albert^^^^^L|Adams^^^^^^L|19610101|M|||15 N Saguaro^^Tucson^AZ^85701^^M",
        @"PV1||I|HO Surgery^OR^1|",
        @"OBR|1|080019FFFE3ED02D20110602045842^ACME_Gateway^080019FFFE3ED02D^EUI-64|080019FFFE3ED02D20110602045842^ACME_Gateway^080019FFFE3ED02D^EUI-64|182777000^monitoring of patient^SCT|||20110602045842+0000",
        @"OBX|1||69965^MDC_DEV_MON_PHYSIO_MULTI_PARAM_MDS^MDC|1.0.0.0|||||||X",
        @"OBX|2||69798^MDC_DEV_ECG_VMD^MDC|1.1.0.0|||||||X",
        @"OBX|3||70739^MDC_DEV_CARD_RATE_CHAN^MDC|1.1.1.0|||||||X|||20110602045842+0000",
        @"OBX|4|NM|147842^MDC_ECG_HEART_RATE^MDC|1.1.1.1|60|264864^MDC_DIM_BEAT_PER_MIN^MDC|||||X",
        @"OBX|5||69642^MDC_DEV_ANALY_SAT_O2_VMD^MDC|1.2.0.0|||||||X",
        @"OBX|6||69643^MDC_DEV_ANALY_SAT_O2_CHAN^MDC|1.2.1.0|||||||X|||20110602045840+0000",
        @"OBX|7|NM|150456^MDC_PULS_OXIM_SAT_O2^MDC|1.2.1.1|98|262688^MDC_DIM_PERCENT^MDC|||||X",
        @"OBX|8|NM|149530^MDC_PULS_OXIM_PULS_RATE^MDC|1.2.1.2|62|264864^MDC_DIM_BEAT_PER_MIN^MDC|||||X",
        @"OBX|9||70658^MDC_DEV_RESP_VMD^MDC|1.3.0.0|||||||X",
        @"OBX|10|NM|151562^MDC_RESP_RATE^MDC|1.3.1.1|14|264928^MDC_DIM_RESP_PER_MIN^MDC|||||X",
        @"OBX|11||70686^MDC_DEV_PRESS_BLD_NONINV_VMD^MDC|1.4.0.0|||||||X",
        @"OBX|12||70687^MDC_DEV_PRESS_BLD_NONINV_CHAN^MDC|1.4.1.0|||||||X|||20110602045500+0000",
        @"OBX|13|NM|150021^MDC_PRESS_BLD_NONINV_SYS^MDC|1.4.1.1|120|266016^MDC_DIM_MMHG^MDC|||||X",
        @"OBX|14|NM|150022^MDC_PRESS_BLD_NONINV_DIA^MDC|1.4.1.2|80|266016^MDC_DIM_MMHG^MDC|||||X",
        @"OBX|15|NM|150023^MDC_PRESS_BLD_NONINV_MEAN^MDC|1.4.1.3|93|266016^MDC_DIM_MMHG^MDC|||||X",
        @"OBX|16||70695^MDC_DEV_TEMP_VMD^MDC|1.5.0.0|||||||X",
        @"OBX|17|NM|150344^MDC_TEMP^MDC|1.5.1.1|37.2|268192^MDC_DIM_DEGC^MDC|||||X");

    /// <summary>
    /// IHE PCD TF-2 appendix E.1.2, episodic non-invasive blood pressure with UCUM units (mm[Hg], {beat}/min),
    /// each numeric result final (OBX-11 <c>R</c>) and timed by its own OBX-14. As published.
    /// </summary>
    public static readonly string EpisodicNibpE12 = Lines(
        @"MSH|^~\&|ACME_Gateway^080019FFFE3ED02D^EUI-64|ACME Healthcare|||20110602050000+0000||ORU^R01^ORU_R01|0104ef190d604db188c3|P|2.6|||AL|NE||UNICODE UTF-8|||PCD_DEC_001^IHE PCD^1.3.6.1.4.1.19376.1.6.1.1.1^ISO",
        @"PID|||HO2009001^^^NIST^PI||Hon^Albert^^^^^L|Adams^^^^^^L|19610101|M|||15 N Saguaro^^Tucson^AZ^85701^^M",
        @"PV1||I|HO Surgery^OR^1|",
        @"OBR|1|080019FFFE3ED02D20110602045842^ACME_Gateway^080019FFFE3ED02D^EUI-64|080019FFFE3ED02D20110602045842^ACME_Gateway^080019FFFE3ED02D^EUI-64|182777000^monitoring of patient^SCT|||20110602045842+0000",
        @"OBX|1||69965^MDC_DEV_MON_PHYSIO_MULTI_PARAM_MDS^MDC|1.0.0.0|||||||X",
        @"OBX|2||70686^MDC_DEV_PRESS_BLD_NONINV_VMD^MDC|1.1.0.0|||||||X",
        @"OBX|3||70687^MDC_DEV_PRESS_BLD_NONINV_CHAN^MDC|1.1.1.0|||||||X|||20110602045842+0000",
        @"OBX|4|NM|150021^MDC_PRESS_BLD_NONINV_SYS^MDC|1.1.1.1|120|mm[Hg]^mm[Hg]^UCUM|||||R|||20110602045842+0000||||080019FFFE3ED02D172.16.172.135^GATEWAY_ACME",
        @"OBX|5|NM|150022^MDC_PRESS_BLD_NONINV_DIA^MDC|1.1.1.2|80|mm[Hg]^mm[Hg]^UCUM|||||R|||20110602045842+0000||||080019FFFE3ED02D172.16.172.135^GATEWAY_ACME",
        @"OBX|6|NM|150023^MDC_PRESS_BLD_NONINV_MEAN^MDC|1.1.1.3|93|mm[Hg]^mm[Hg]^UCUM|||||R|||20110602045842+0000||||080019FFFE3ED02D172.16.172.135^GATEWAY_ACME",
        @"OBX|7|NM|149546^MDC_PULS_RATE_NON_INV^MDC|1.1.1.4|63|{beat}/min^{beat}/min^UCUM|||||R|||20110602045842+0000||||080019FFFE3ED02D172.16.172.135^GATEWAY_ACME");

    /// <summary>The fixture's device times (2011) moved to <paramref name="now"/>, its patient and bed to a test admission's.</summary>
    public static string ForAdmission(string sample, string mrn, string bed, DateTimeOffset now, string? controlId = null)
    {
        var stamp = now.UtcDateTime.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
        var earlier = now.UtcDateTime.AddMinutes(-1).ToString("yyyyMMddHHmm", System.Globalization.CultureInfo.InvariantCulture);
        var text = sample.Replace("20110602050000", stamp, StringComparison.Ordinal)
            .Replace("HO2009001", mrn, StringComparison.Ordinal)
            .Replace("HO Surgery^OR^1", $"ward^room^{bed}", StringComparison.Ordinal)
            .Replace("201106020458", earlier, StringComparison.Ordinal)
            .Replace("201106020455", earlier, StringComparison.Ordinal);
        return controlId is null ? text : text.Replace("0104ef190d604db188c", controlId, StringComparison.Ordinal);
    }

    /// <summary>A monitor's message of numerics, each (MDC code, value, MDC unit code) at <paramref name="at"/> with its offset.</summary>
    public static string Numerics(string mrn, string bed, string controlId, DateTimeOffset at, params (int Code, string Value, string Unit)[] numerics)
    {
        var time = at.UtcDateTime.ToString("yyyyMMddHHmmss.fff", System.Globalization.CultureInfo.InvariantCulture) + "+0000";
        var segments = new List<string>
        {
            $@"MSH|^~\&|TESTMON^0011223344556677^EUI-64|WARD|||{time}||ORU^R01^ORU_R01|{controlId}|P|2.6|||AL|NE||UNICODE UTF-8",
            $"PID|||{mrn}^^^HOSP^MR",
            $"PV1||I|ward^room^{bed}",
            $"OBR|1|||182777000^monitoring of patient^SCT|||{time}",
        };
        segments.AddRange(numerics.Select((n, i) => $"OBX|{i + 1}|NM|{n.Code}^^MDC|1.1.1.{i + 1}|{n.Value}|{n.Unit}^^MDC|||||R|||{time}"));
        return Lines([.. segments]);
    }

    private static string Lines(params string[] segments) => string.Join('\r', segments) + "\r";
}
