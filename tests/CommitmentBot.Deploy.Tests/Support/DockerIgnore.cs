using System.Text;
using System.Text.RegularExpressions;

namespace CommitmentBot.Deploy.Tests.Support;

/// <summary>
/// The root .dockerignore, matched the way Docker matches it: patterns relative to the context root, <c>*</c> within a
/// path segment, <c>**</c> across segments, a match on a folder excluding everything in it, later <c>!</c> lines
/// re-including.
/// </summary>
internal sealed class DockerIgnore
{
    private readonly List<(Regex Pattern, bool Exclude)> rules;

    private DockerIgnore(List<(Regex, bool)> rules) => this.rules = rules;

    public static DockerIgnore Load()
    {
        var rules = new List<(Regex, bool)>();
        foreach (var raw in File.ReadAllLines(Repository.PathOf(".dockerignore")))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var exclude = !line.StartsWith('!');
            rules.Add((ToRegex(line.TrimStart('!').Trim('/')), exclude));
        }

        return new DockerIgnore(rules);
    }

    /// <summary>True when <paramref name="relativePath"/> (or a folder above it) is left out of the build context.</summary>
    public bool Excludes(string relativePath)
    {
        var path = relativePath.Replace('\\', '/').Trim('/');
        var candidates = new List<string>();
        var parts = path.Split('/');
        for (var i = 1; i <= parts.Length; i++)
        {
            candidates.Add(string.Join('/', parts.Take(i)));
        }

        var excluded = false;
        foreach (var (pattern, exclude) in rules)
        {
            if (candidates.Any(pattern.IsMatch))
            {
                excluded = exclude;
            }
        }

        return excluded;
    }

    private static Regex ToRegex(string glob)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                // "**/" matches any number of folders, including none.
                var slash = i + 2 < glob.Length && glob[i + 2] == '/';
                regex.Append(slash ? "(.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else
            {
                regex.Append(c switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    _ => Regex.Escape(c.ToString()),
                });
            }
        }

        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}
