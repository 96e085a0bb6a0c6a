namespace Monitoring.Clinical;

/// <summary>The allowed scores of each COWS item with the words of the published scale.</summary>
internal static class CowsDescriptors
{
    private static readonly Dictionary<CowsItem, SortedDictionary<int, string>> Table = new()
    {
        [CowsItem.RestingPulseRate] = new()
        {
            [0] = "pulse rate 80 or below",
            [1] = "pulse rate 81-100",
            [2] = "pulse rate 101-120",
            [4] = "pulse rate greater than 120",
        },
        [CowsItem.Sweating] = new()
        {
            [0] = "no report of chills or flushing",
            [1] = "subjective report of chills or flushing",
            [2] = "flushed or observable moistness on face",
            [3] = "beads of sweat on brow or face",
            [4] = "sweat streaming off face",
        },
        [CowsItem.Restlessness] = new()
        {
            [0] = "able to sit still",
            [1] = "reports difficulty sitting still, but is able to do so",
            [3] = "frequent shifting or extraneous movements of legs/arms",
            [5] = "unable to sit still for more than a few seconds",
        },
        [CowsItem.PupilSize] = new()
        {
            [0] = "pupils pinned or normal size for room light",
            [1] = "pupils possibly larger than normal for room light",
            [2] = "pupils moderately dilated",
            [5] = "pupils so dilated that only the rim of the iris is visible",
        },
        [CowsItem.BoneJointAches] = new()
        {
            [0] = "not present",
            [1] = "mild diffuse discomfort",
            [2] = "patient reports severe diffuse aching of joints/muscles",
            [4] = "patient is rubbing joints or muscles and is unable to sit still because of discomfort",
        },
        [CowsItem.RunnyNoseTearing] = new()
        {
            [0] = "not present",
            [1] = "nasal stuffiness or unusually moist eyes",
            [2] = "nose running or tearing",
            [4] = "nose constantly running or tears streaming down cheeks",
        },
        [CowsItem.GiUpset] = new()
        {
            [0] = "no GI symptoms",
            [1] = "stomach cramps",
            [2] = "nausea or loose stool",
            [3] = "vomiting or diarrhoea",
            [5] = "multiple episodes of diarrhoea or vomiting",
        },
        [CowsItem.Tremor] = new()
        {
            [0] = "no tremor",
            [1] = "tremor can be felt, but not observed",
            [2] = "slight tremor observable",
            [4] = "gross tremor or muscle twitching",
        },
        [CowsItem.Yawning] = new()
        {
            [0] = "no yawning",
            [1] = "yawning once or twice during assessment",
            [2] = "yawning three or more times during assessment",
            [4] = "yawning several times/minute",
        },
        [CowsItem.AnxietyIrritability] = new()
        {
            [0] = "none",
            [1] = "patient reports increasing irritability or anxiousness",
            [2] = "patient obviously irritable or anxious",
            [4] = "patient so irritable or anxious that participation in the assessment is difficult",
        },
        [CowsItem.GoosefleshSkin] = new()
        {
            [0] = "skin is smooth",
            [3] = "piloerection of skin can be felt or hairs standing up on arms",
            [5] = "prominent piloerection",
        },
    };

    public static IReadOnlyDictionary<int, string> Of(CowsItem item) => Table[item];
}
