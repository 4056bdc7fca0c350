namespace Marketplace.BadInput;

/// <summary>Orders a family's probes so that any budget covers every kind: its catalogues round-robin, then endless random variants.</summary>
public static class ProbeStreams
{
    /// <summary>One from each source in turn until all are exhausted, then <paramref name="thenForever"/>.</summary>
    public static IEnumerable<Probe> Interleave(IReadOnlyList<IEnumerable<Probe>> sources, Func<Probe> thenForever)
    {
        foreach (var probe in RoundRobin(sources))
        {
            yield return probe;
        }

        while (true)
        {
            yield return thenForever();
        }
    }

    /// <summary>One from each source in turn until all are exhausted.</summary>
    public static IEnumerable<Probe> RoundRobin(IReadOnlyList<IEnumerable<Probe>> sources)
    {
        var enumerators = sources.Select(s => s.GetEnumerator()).ToList();
        try
        {
            while (enumerators.Count > 0)
            {
                for (var i = 0; i < enumerators.Count;)
                {
                    if (enumerators[i].MoveNext())
                    {
                        yield return enumerators[i].Current;
                        i++;
                    }
                    else
                    {
                        enumerators[i].Dispose();
                        enumerators.RemoveAt(i);
                    }
                }
            }
        }
        finally
        {
            enumerators.ForEach(e => e.Dispose());
        }
    }
}
