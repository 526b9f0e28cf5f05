using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OutlookSync.Storage.Migrations
{
    /// <inheritdoc />
    public partial class RecurringMeetings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "DeltaWindowEnd",
                table: "Mappings",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OutlookSeriesId",
                table: "Bookings",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DeltaWindowEnd",
                table: "Mappings");

            migrationBuilder.DropColumn(
                name: "OutlookSeriesId",
                table: "Bookings");
        }
    }
}
