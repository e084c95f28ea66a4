using CommitmentBot.Core.Capture;
using CommitmentBot.Core.Time;
using NodaTime;
using Xunit;

namespace CommitmentBot.Core.Tests.Capture;

/// <summary>
/// The reader measured on a labelled corpus of realistic chat messages (promise-corpus.txt): what it flags must be a
/// promise (precision ≥ 95 %), it must find most of them (recall ≥ 85 %), and the due it reads must be the one a person
/// reads (≥ 95 % of true positives).
/// </summary>
public sealed class PromiseCorpusTests(ITestOutputHelper output)
{
    internal static readonly DueContext At = new(
        new DateTimeOffset(2026, 12, 1, 14, 0, 0, TimeSpan.Zero),
        DateTimeZoneProviders.Tzdb["America/New_York"],
        DateOrder.MDY,
        WorkingHours.Default);

    internal sealed record Labelled(bool IsPromise, string DueOrWhy, string? Customer, string Text, int Line);

    internal static IReadOnlyList<Labelled> Corpus()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Capture", "promise-corpus.txt");
        var list = new List<Labelled>();
        var lineNo = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNo++;
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var parts = line.Split(" | ", 4);
            Assert.True(parts.Length == 4, $"line {lineNo} is not 'P|N | due | customer | text'");
            list.Add(new Labelled(parts[0] == "P", parts[1], parts[2] == "-" ? null : parts[2], parts[3].Replace("\\n", "\n", StringComparison.Ordinal), lineNo));
        }

        return list;
    }

    [Fact]
    public void Corpus_HasAtLeast200VariedMessages()
    {
        var corpus = Corpus();
        Assert.True(corpus.Count >= 200, $"{corpus.Count} messages");
        Assert.True(corpus.Count(c => c.IsPromise) >= 100);
        Assert.True(corpus.Count(c => !c.IsPromise) >= 100);
        Assert.Equal(corpus.Count, corpus.Select(c => c.Text).Distinct().Count());
    }

    [Fact]
    public void Reader_MeetsPrecisionRecallAndDueGoals_OnTheCorpus()
    {
        var corpus = Corpus();
        int tp = 0, fp = 0, fn = 0, dueRight = 0, customersNamed = 0, customersRight = 0, customerWrong = 0;
        var misses = new List<string>();
        foreach (var item in corpus)
        {
            var read = PromiseReader.Read(item.Text, At);
            if (item.IsPromise && read is not null)
            {
                tp++;
                var expected = DueTimeParser.Parse(item.DueOrWhy, At);
                Assert.True(expected.Success, $"line {item.Line}: the corpus's due '{item.DueOrWhy}' does not parse");
                if (expected.Due == read.Due.Due)
                {
                    dueRight++;
                }
                else
                {
                    misses.Add($"due   line {item.Line}: read '{read.DuePhrase}' ({read.Due.Due:u}), expected '{item.DueOrWhy}' ({expected.Due:u})");
                }

                customersNamed += item.Customer is null ? 0 : 1;
                if (string.Equals(read.Customer, item.Customer, StringComparison.OrdinalIgnoreCase))
                {
                    customersRight += item.Customer is null ? 0 : 1;
                }
                else
                {
                    customerWrong++;
                    misses.Add($"cust  line {item.Line}: read '{read.Customer}', expected '{item.Customer}'");
                }
            }
            else if (item.IsPromise)
            {
                fn++;
                misses.Add($"miss  line {item.Line}: {item.Text}");
            }
            else if (read is not null)
            {
                fp++;
                misses.Add($"false line {item.Line} ({item.DueOrWhy}): {item.Text} → '{read.DuePhrase}'");
            }
        }

        var precision = tp / (double)(tp + fp);
        var recall = tp / (double)(tp + fn);
        var dueRate = dueRight / (double)tp;
        output.WriteLine($"corpus {corpus.Count}: promises {corpus.Count(c => c.IsPromise)}, flagged right {tp}, wrongly {fp}, missed {fn}");
        output.WriteLine($"precision {precision:P1}, recall {recall:P1}, due correct {dueRate:P1}, customer named and read {customersRight}/{customersNamed}, customer wrong on {customerWrong} of {tp}");
        foreach (var miss in misses)
        {
            output.WriteLine(miss);
        }

        Assert.True(precision >= 0.95, $"precision {precision:P1}\n{string.Join('\n', misses)}");
        Assert.True(recall >= 0.85, $"recall {recall:P1}\n{string.Join('\n', misses)}");
        Assert.True(customerWrong <= tp / 10, $"customer wrong on {customerWrong}\n{string.Join('\n', misses)}");
        Assert.True(dueRate >= 0.95, $"due correct {dueRate:P1}\n{string.Join('\n', misses)}");
    }
}
