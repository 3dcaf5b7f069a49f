namespace LoRASculpt.Contracts.Leaderboard;

/// <summary>Orders suite versions such as "bench-v2" &lt; "bench-v10": digit runs compare as numbers, the rest ordinally.</summary>
public static class SuiteVersions
{
    public static int Compare(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            if (char.IsAsciiDigit(a[i]) && char.IsAsciiDigit(b[j]))
            {
                var startA = i;
                var startB = j;
                while (i < a.Length && char.IsAsciiDigit(a[i])) i++;
                while (j < b.Length && char.IsAsciiDigit(b[j])) j++;
                var digitsA = a.AsSpan(startA, i - startA).TrimStart('0');
                var digitsB = b.AsSpan(startB, j - startB).TrimStart('0');
                if (digitsA.Length != digitsB.Length)
                    return digitsA.Length.CompareTo(digitsB.Length);
                var byDigits = digitsA.SequenceCompareTo(digitsB);
                if (byDigits != 0)
                    return Math.Sign(byDigits);
                continue;
            }
            if (a[i] != b[j])
                return a[i].CompareTo(b[j]);
            i++;
            j++;
        }
        return (a.Length - i).CompareTo(b.Length - j);
    }
}
