using System.Globalization;
using System.Text;
using GraphSimulator.Subscriptions;

namespace GraphSimulator.Calendars;

/// <summary>
/// The OData query options integrators use on events and calendarView: $filter (eq, ne, gt, ge, lt, le with and,
/// or, not and parentheses on the properties below), $orderby, $select. Anything else the simulator does not
/// support is answered 400 as Graph answers a query it cannot run (code BadRequest), never ignored: code that
/// takes the first item of an unfiltered list must fail here, not in production.
/// </summary>
public sealed class EventQuery
{
    private static readonly Dictionary<string, Func<CalendarEvent, object?>> Properties = new(StringComparer.OrdinalIgnoreCase)
    {
        ["id"] = e => e.Id,
        ["iCalUId"] = e => e.ICalUId,
        ["subject"] = e => e.Subject,
        ["start/dateTime"] = e => e.Start,
        ["end/dateTime"] = e => e.End,
        ["isCancelled"] = e => e.IsCancelled,
        ["isAllDay"] = e => e.IsAllDay,
        ["isOrganizer"] = e => e.IsOrganizer,
        ["type"] = e => e.Type,
        ["seriesMasterId"] = e => e.SeriesMasterId,
        ["showAs"] = e => e.ShowAs,
        ["sensitivity"] = e => e.Sensitivity,
        ["transactionId"] = e => e.TransactionId,
        ["createdDateTime"] = e => e.CreatedDateTime,
        ["lastModifiedDateTime"] = e => e.LastModifiedDateTime,
    };

    private static readonly string[] Unsupported = ["$search", "$expand", "$count", "$apply", "$compute"];

    private Func<CalendarEvent, bool> _filter = _ => true;
    private readonly List<(Func<CalendarEvent, object?> Key, bool Descending)> _order = [];

    /// <summary>Top-level properties to keep ($select), or null for all.</summary>
    public IReadOnlySet<string>? Select { get; private set; }

    /// <summary>The query of a request, or Graph's 400 for the first thing it cannot run.</summary>
    public static (EventQuery? Query, GraphProblem? Problem) Parse(IQueryCollection query, bool delta = false)
    {
        var parsed = new EventQuery();
        try
        {
            if (query.Keys.FirstOrDefault(k => Unsupported.Contains(k, StringComparer.OrdinalIgnoreCase)
                || (delta && k is "$filter" or "$orderby")) is { } option)
            {
                return (null, Invalid($"Query option '{option}' is not supported{(delta ? " with delta" : "")}."));
            }

            if (query["$filter"].FirstOrDefault() is { Length: > 0 } filter)
            {
                var parser = new FilterParser(filter);
                parsed._filter = parser.Parse();
            }

            if (query["$orderby"].FirstOrDefault() is { Length: > 0 } orderBy)
            {
                foreach (var clause in orderBy.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    var parts = clause.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (parts.Length > 2 || (parts.Length == 2 && parts[1] is not ("asc" or "desc")))
                    {
                        throw new FormatException($"Invalid $orderby clause '{clause}'.");
                    }

                    parsed._order.Add((Property(parts[0]), parts.Length == 2 && parts[1] == "desc"));
                }
            }

            if (query["$select"].FirstOrDefault() is { Length: > 0 } select)
            {
                var names = select.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                if (names.FirstOrDefault(n => !EventJson.PropertyNames.Contains(n, StringComparer.OrdinalIgnoreCase)) is { } unknown)
                {
                    throw new FormatException(NoSuchProperty(unknown));
                }

                parsed.Select = names.ToHashSet(StringComparer.OrdinalIgnoreCase);
            }

            return (parsed, null);
        }
        catch (FormatException ex)
        {
            return (null, Invalid(ex.Message));
        }
    }

    /// <summary>Filtered, then ordered ($orderby; otherwise the caller's order stays).</summary>
    public IReadOnlyList<CalendarEvent> Apply(IEnumerable<CalendarEvent> events)
    {
        var matching = events.Where(_filter);
        if (_order.Count == 0)
        {
            return matching.ToList();
        }

        IOrderedEnumerable<CalendarEvent>? ordered = null;
        foreach (var (key, descending) in _order)
        {
            ordered = ordered is null
                ? (descending ? matching.OrderByDescending(key, ValueComparer.Instance) : matching.OrderBy(key, ValueComparer.Instance))
                : (descending ? ordered.ThenByDescending(key, ValueComparer.Instance) : ordered.ThenBy(key, ValueComparer.Instance));
        }

        return ordered!.ToList();
    }

    /// <summary>The item with only the selected properties (and the @odata annotations and id, which Graph always sends).</summary>
    public Dictionary<string, object?> Project(Dictionary<string, object?> json) => Project(Select, json);

    public static Dictionary<string, object?> Project(IReadOnlySet<string>? select, Dictionary<string, object?> json) =>
        select is null ? json : json.Where(p => p.Key.StartsWith('@') || p.Key == "id" || select.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value);

    private static Func<CalendarEvent, object?> Property(string name) =>
        Properties.TryGetValue(name, out var read) ? read : throw new FormatException(NoSuchProperty(name));

    private static string NoSuchProperty(string name) => $"Could not find a property named '{name}' on type 'microsoft.graph.event'.";

    private static GraphProblem Invalid(string message) => new(400, "BadRequest", message);

    /// <summary>Compares values of one property: text ordinally (ignoring case), times as instants, booleans.</summary>
    private sealed class ValueComparer : IComparer<object?>
    {
        public static readonly ValueComparer Instance = new();

        public int Compare(object? x, object? y) => (x, y) switch
        {
            (null, null) => 0,
            (null, _) => -1,
            (_, null) => 1,
            (string a, string b) => string.Compare(a, b, StringComparison.OrdinalIgnoreCase),
            (DateTimeOffset a, DateTimeOffset b) => a.CompareTo(b),
            (bool a, bool b) => a.CompareTo(b),
            _ => throw new FormatException("The filter compares values of different types."),
        };
    }

    /// <summary>A small recursive-descent parser for $filter: or of ands of (not) comparisons or parenthesised expressions.</summary>
    private sealed class FilterParser(string text)
    {
        private readonly List<string> _tokens = Tokenize(text);
        private int _at;

        public Func<CalendarEvent, bool> Parse()
        {
            var expression = Or();
            return _at == _tokens.Count ? expression : throw Invalid($"unexpected '{_tokens[_at]}'");
        }

        private Func<CalendarEvent, bool> Or()
        {
            var left = And();
            while (Accept("or"))
            {
                var (a, b) = (left, And());
                left = e => a(e) || b(e);
            }

            return left;
        }

        private Func<CalendarEvent, bool> And()
        {
            var left = Unary();
            while (Accept("and"))
            {
                var (a, b) = (left, Unary());
                left = e => a(e) && b(e);
            }

            return left;
        }

        private Func<CalendarEvent, bool> Unary()
        {
            if (Accept("not"))
            {
                var inner = Unary();
                return e => !inner(e);
            }

            if (Accept("("))
            {
                var inner = Or();
                return Accept(")") ? inner : throw Invalid("a ')' is missing");
            }

            var name = Next("a property");
            if (Peek() == "(")
            {
                throw new FormatException($"Invalid filter clause: the function '{name}' is not supported by the simulator; use eq, ne, gt, ge, lt, le.");
            }

            var read = Property(name);
            var op = Next("an operator");
            var literal = Literal(Next("a value"));
            var compare = op switch
            {
                "eq" => (Func<int, bool>)(c => c == 0),
                "ne" => c => c != 0,
                "gt" => c => c > 0,
                "ge" => c => c >= 0,
                "lt" => c => c < 0,
                "le" => c => c <= 0,
                _ => throw Invalid($"'{op}' is not an operator the simulator supports (eq, ne, gt, ge, lt, le)"),
            };
            return e =>
            {
                var value = read(e);
                var operand = value is DateTimeOffset && literal is string s ? ParseTime(s) : literal;
                return compare(ValueComparer.Instance.Compare(value, operand));
            };
        }

        private static object? Literal(string token) => token switch
        {
            "null" => null,
            "true" => true,
            "false" => false,
            _ when token.StartsWith('\'') => token[1..^1].Replace("''", "'", StringComparison.Ordinal),
            _ => ParseTime(token),
        };

        private static DateTimeOffset ParseTime(string text) =>
            DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
                ? time
                : throw new FormatException($"Invalid filter clause: '{text}' is not a value the simulator understands.");

        private bool Accept(string token)
        {
            if (_at < _tokens.Count && string.Equals(_tokens[_at], token, StringComparison.Ordinal))
            {
                _at++;
                return true;
            }

            return false;
        }

        private string? Peek() => _at < _tokens.Count ? _tokens[_at] : null;

        private string Next(string what) => _at < _tokens.Count ? _tokens[_at++] : throw Invalid($"{what} is missing at the end");

        private FormatException Invalid(string why) => new($"Invalid filter clause: {why} in '{text}'.");

        private static List<string> Tokenize(string text)
        {
            var tokens = new List<string>();
            for (var i = 0; i < text.Length;)
            {
                var c = text[i];
                if (char.IsWhiteSpace(c))
                {
                    i++;
                }
                else if (c is '(' or ')' or ',')
                {
                    tokens.Add(c.ToString());
                    i++;
                }
                else if (c == '\'')
                {
                    var literal = new StringBuilder("'");
                    for (i++; ; i++)
                    {
                        if (i >= text.Length)
                        {
                            throw new FormatException($"Invalid filter clause: a quote is not closed in '{text}'.");
                        }

                        if (text[i] == '\'' && (i + 1 >= text.Length || text[i + 1] != '\''))
                        {
                            i++;
                            break;
                        }

                        literal.Append(text[i]);
                        if (text[i] == '\'')
                        {
                            literal.Append('\'');
                            i++;
                        }
                    }

                    tokens.Add(literal.Append('\'').ToString());
                }
                else
                {
                    var start = i;
                    while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('(' or ')' or ',' or '\''))
                    {
                        i++;
                    }

                    tokens.Add(text[start..i]);
                }
            }

            return tokens;
        }
    }
}
