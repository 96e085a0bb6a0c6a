namespace Monitoring.Clinical;

public static class Age
{
    /// <summary>Completed years on a date; someone born on 29 February turns a year older on 1 March in common years.</summary>
    public static int InYears(DateOnly dateOfBirth, DateOnly on)
    {
        var years = on.Year - dateOfBirth.Year;
        var birthdayThisYear = dateOfBirth.Month == 2 && dateOfBirth.Day == 29 && !DateTime.IsLeapYear(on.Year)
            ? new DateOnly(on.Year, 3, 1)
            : new DateOnly(on.Year, dateOfBirth.Month, dateOfBirth.Day);
        return on < birthdayThisYear ? years - 1 : years;
    }
}
