namespace CommitmentBot.Core.Time;

/// <summary>How a workspace reads numeric dates like <c>12/5</c>.</summary>
public enum DateOrder
{
    /// <summary>Month first: 12/5 is December 5 (the default).</summary>
    MDY = 0,

    /// <summary>Day first: 12/5 is 12 May.</summary>
    DMY = 1,
}
