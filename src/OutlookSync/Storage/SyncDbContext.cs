using Microsoft.EntityFrameworkCore;
using OutlookSync.Bookings;
using OutlookSync.Integrations;
using OutlookSync.Subscriptions;
using OutlookSync.Sync;

namespace OutlookSync.Storage;

/// <summary>
/// The one model of the service. On SQLite it is this class (migrations in Storage/Migrations); on PostgreSQL
/// the same model runs as <see cref="PostgreSqlSyncDbContext"/>, whose own migration set lives in
/// Storage/Migrations/PostgreSql (EF keeps one migration history per context type).
/// </summary>
public class SyncDbContext : DbContext
{
    public SyncDbContext(DbContextOptions<SyncDbContext> options)
        : base(options)
    {
    }

    protected SyncDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<BookableObject> Objects => Set<BookableObject>();

    public DbSet<Booking> Bookings => Set<Booking>();

    public DbSet<Integration> Integrations => Set<Integration>();

    public DbSet<CalendarMapping> Mappings => Set<CalendarMapping>();

    public DbSet<GraphSubscription> Subscriptions => Set<GraphSubscription>();

    public DbSet<EventLink> EventLinks => Set<EventLink>();

    public DbSet<Scheduling.CronHeartbeat> CronHeartbeats => Set<Scheduling.CronHeartbeat>();

    public DbSet<ProcessedNotification> ProcessedNotifications => Set<ProcessedNotification>();

    public DbSet<Diagnostics.NodeHeartbeat> NodeHeartbeats => Set<Diagnostics.NodeHeartbeat>();

    public DbSet<Queueing.Outbox.OutboxMessage> Outbox => Set<Queueing.Outbox.OutboxMessage>();

    public DbSet<Operators.Operator> Operators => Set<Operators.Operator>();

    public DbSet<Webhooks.WebhookEvent> WebhookEvents => Set<Webhooks.WebhookEvent>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<Integration>().OwnsOne(i => i.Inbound);
        model.Entity<Integration>().HasMany(i => i.Mappings).WithOne().HasForeignKey(m => m.IntegrationId);
        model.Entity<CalendarMapping>().HasIndex(m => new { m.IntegrationId, m.Mailbox }).IsUnique();
        model.Entity<EventLink>().HasIndex(l => new { l.MappingId, l.OutlookEventId }).IsUnique();
        model.Entity<GraphSubscription>().HasKey(s => s.Id);
        // A calendar's subscription is looked up by calendar (workers, status, diagnostics): without it each lookup
        // read every subscription, and the status of 10,000 rooms took seconds.
        model.Entity<GraphSubscription>().HasIndex(s => s.MappingId);
        // An object's bookings by time: every change from Outlook checks it against the object's other bookings.
        model.Entity<Booking>().HasIndex(b => new { b.ObjectId, b.Start });
        model.Entity<ProcessedNotification>().HasIndex(p => new { p.SubscriptionId, p.Key }).IsUnique();
        model.Entity<Queueing.Outbox.OutboxMessage>().ToTable("OutboxMessages").HasIndex(m => m.ClaimToken);
        model.Entity<Operators.Operator>().HasIndex(o => o.Name).IsUnique();
        model.Entity<Webhooks.WebhookEvent>().HasIndex(e => e.At);
    }

    /// <summary>SQLite cannot compare DateTimeOffset; stored as a number (all our times are UTC), queries stay portable (a bigint on PostgreSQL).</summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configuration) =>
        configuration.Properties<DateTimeOffset>().HaveConversion<Microsoft.EntityFrameworkCore.Storage.ValueConversion.DateTimeOffsetToBinaryConverter>();
}
