using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OutlookSync.Storage;

namespace OutlookSync.Operators;

/// <summary>
/// Operators' accounts: created by the add-operator command, checked at sign-in with ASP.NET Core's
/// PasswordHasher, locked for a while after repeated wrong passwords.
/// </summary>
public sealed class OperatorAccounts(SyncDbContext db, TimeProvider time, ILogger<OperatorAccounts> logger)
{
    public const int MaxFailedSignIns = 5;
    public const int MinPasswordLength = 12;
    public static readonly TimeSpan Lockout = TimeSpan.FromMinutes(15);

    private static readonly PasswordHasher<Operator> Hasher = new();

    /// <summary>The outcome of a sign-in attempt: the operator, or why not (never saying whether the name exists).</summary>
    public sealed record SignInResult(Operator? Operator, string? Problem);

    public async Task<SignInResult> SignInAsync(string name, string password, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var account = await db.Operators.FirstOrDefaultAsync(o => o.Name == name, cancellationToken);
        if (account is null)
        {
            // Same work and answer as a wrong password, so names cannot be probed.
            Hasher.VerifyHashedPassword(new Operator { Name = name, PasswordHash = "" }, DummyHash, password);
            return new SignInResult(null, "Wrong name or password.");
        }

        if (account.LockedUntil > now)
        {
            return new SignInResult(null, $"Too many wrong passwords: sign-in is locked until {account.LockedUntil:HH:mm} UTC.");
        }

        if (Hasher.VerifyHashedPassword(account, account.PasswordHash, password) == PasswordVerificationResult.Failed)
        {
            account.FailedSignIns++;
            if (account.FailedSignIns >= MaxFailedSignIns)
            {
                (account.LockedUntil, account.FailedSignIns) = (now + Lockout, 0);
                logger.LogWarning("Operator {Operator} locked for {Minutes} minutes after {Attempts} wrong passwords", account.Name, Lockout.TotalMinutes, MaxFailedSignIns);
            }

            await db.SaveChangesAsync(cancellationToken);
            return new SignInResult(null, account.LockedUntil > now ? $"Too many wrong passwords: sign-in is locked until {account.LockedUntil:HH:mm} UTC." : "Wrong name or password.");
        }

        (account.FailedSignIns, account.LockedUntil, account.LastSignInAt) = (0, null, now);
        await db.SaveChangesAsync(cancellationToken);
        return new SignInResult(account, null);
    }

    /// <summary>Creates (or resets the password of) an operator; with no password given, one is generated and returned.</summary>
    public async Task<(Operator Operator, string Password, bool Created)> SetAsync(string name, string? password, CancellationToken cancellationToken)
    {
        password ??= Generate();
        if (password.Length < MinPasswordLength)
        {
            throw new ArgumentException($"A password needs at least {MinPasswordLength} characters.");
        }

        var account = await db.Operators.FirstOrDefaultAsync(o => o.Name == name, cancellationToken);
        var created = account is null;
        account ??= db.Operators.Add(new Operator { Name = name, PasswordHash = "", CreatedAt = time.GetUtcNow() }).Entity;
        (account.PasswordHash, account.FailedSignIns, account.LockedUntil) = (Hasher.HashPassword(account, password), 0, null);
        await db.SaveChangesAsync(cancellationToken);
        return (account, password, created);
    }

    public static bool IsValidName(string? name) =>
        name is { Length: >= 2 and <= 64 } && name.All(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' or '@');

    private static string Generate() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');

    private static readonly string DummyHash = Hasher.HashPassword(new Operator { Name = "", PasswordHash = "" }, Generate());
}
