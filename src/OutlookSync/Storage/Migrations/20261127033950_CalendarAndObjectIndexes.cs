using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OutlookSync.Storage.Migrations
{
    /// <inheritdoc />
    public partial class CalendarAndObjectIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Subscriptions_MappingId",
                table: "Subscriptions",
                column: "MappingId");

            migrationBuilder.CreateIndex(
                name: "IX_Bookings_ObjectId_Start",
                table: "Bookings",
                columns: new[] { "ObjectId", "Start" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Subscriptions_MappingId",
                table: "Subscriptions");

            migrationBuilder.DropIndex(
                name: "IX_Bookings_ObjectId_Start",
                table: "Bookings");
        }
    }
}
