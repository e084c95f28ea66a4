namespace CommitmentBot.Core.Records;

/// <summary>Whose record <c>/promise record</c> asks for.</summary>
public abstract record RecordSubject
{
    private RecordSubject()
    {
    }

    /// <summary>How it is written after <c>record</c> (for links and replies).</summary>
    public abstract string Token { get; }

    /// <summary>My own record.</summary>
    public sealed record Mine : RecordSubject
    {
        /// <inheritdoc />
        public override string Token => "me";
    }

    /// <summary>Someone's record (a report, for a manager; anyone, for an admin).</summary>
    /// <param name="UserId">Their user id.</param>
    public sealed record Person(string UserId) : RecordSubject
    {
        /// <inheritdoc />
        public override string Token => "user:" + UserId;
    }

    /// <summary>My direct reports, one by one and as a team.</summary>
    public sealed record Team : RecordSubject
    {
        /// <inheritdoc />
        public override string Token => "team";
    }

    /// <summary>One customer, over the promises the viewer may see.</summary>
    /// <param name="Name">The customer as written (grouped case-insensitively).</param>
    public sealed record Customer(string Name) : RecordSubject
    {
        /// <inheritdoc />
        public override string Token => "customer:" + Name;
    }

    /// <summary>The whole workspace (admins).</summary>
    public sealed record Everyone : RecordSubject
    {
        /// <inheritdoc />
        public override string Token => "all";
    }

    /// <summary>Reads <see cref="Token"/> back (null when it is not one).</summary>
    public static RecordSubject? FromToken(string? token) => token switch
    {
        "me" => new Mine(),
        "team" => new Team(),
        "all" => new Everyone(),
        { Length: > 5 } t when t.StartsWith("user:", StringComparison.Ordinal) => new Person(t[5..]),
        { Length: > 9 } t when t.StartsWith("customer:", StringComparison.Ordinal) => new Customer(t[9..]),
        _ => null,
    };
}
