using System.Globalization;
using System.Text;

namespace Monitoring.DeviceSimulator;

/// <summary>Writes the IHE PCD-01 ORU^R01 a monitor gateway sends: MSH, PID, PV1, OBR, then the MDS, VMD and channel tree and its numerics.</summary>
public static class MonitorMessages
{
    public const string ProfileOid = "1.3.6.1.4.1.19376.1.6.1.1.1";

    public static string Observation(SimulatedMonitor monitor, string controlId, DateTimeOffset at, IReadOnlyList<Numeric> numerics)
    {
        var time = Time(at);
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"MSH|^~\\&|SIMULATOR^{monitor.DeviceId}^EUI-64|{monitor.Ward}|||{time}||ORU^R01^ORU_R01|{controlId}|P|2.6|||AL|NE||UNICODE UTF-8|||IHE_PCD_001^IHE PCD^{ProfileOid}^ISO\r")
            .Append(CultureInfo.InvariantCulture, $"PID|||{monitor.Mrn}^^^HOSPITAL^MR\r")
            .Append(CultureInfo.InvariantCulture, $"PV1||I|{monitor.Ward}^^{monitor.Bed}\r")
            .Append(CultureInfo.InvariantCulture, $"OBR|1|{controlId}^SIMULATOR^{monitor.DeviceId}^EUI-64||182777000^monitoring of patient^SCT|||{time}\r")
            .Append(CultureInfo.InvariantCulture, $"OBX|1||69965^MDC_DEV_MON_PHYSIO_MULTI_PARAM_MDS^MDC|1.0.0.0|||||||X|||||||{monitor.DeviceId}^EUI-64\r")
            .Append("OBX|2||69798^MDC_DEV_ECG_VMD^MDC|1.1.0.0|||||||X\r")
            .Append(CultureInfo.InvariantCulture, $"OBX|3||70739^MDC_DEV_CARD_RATE_CHAN^MDC|1.1.1.0|||||||X|||{time}\r");
        for (var i = 0; i < numerics.Count; i++)
        {
            var n = numerics[i];
            text.Append(CultureInfo.InvariantCulture, $"OBX|{i + 4}|NM|{n.Code}^{n.ReferenceId}^MDC|1.1.1.{i + 1}|{n.Value}|{n.UnitCode}^{n.UnitReferenceId}^MDC|||{n.Flag}||R\r");
        }
        return text.ToString();
    }

    public static string Time(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("yyyyMMddHHmmss.fff", CultureInfo.InvariantCulture) + "+0000";
}
