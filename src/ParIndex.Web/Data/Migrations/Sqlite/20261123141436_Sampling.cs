using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ParIndex.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Sampling : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SamplingFrames",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RoundId = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SamplingFrames", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SamplingFrames_Rounds_RoundId",
                        column: x => x.RoundId,
                        principalTable: "Rounds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SamplingFrameVersions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FrameId = table.Column<int>(type: "INTEGER", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 260, nullable: false),
                    ContentHash = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Rows = table.Column<int>(type: "INTEGER", nullable: false),
                    RejectedRows = table.Column<int>(type: "INTEGER", nullable: false),
                    StrataColumnsJson = table.Column<string>(type: "TEXT", nullable: false),
                    ImportedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ImportedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SamplingFrameVersions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SamplingFrameVersions_SamplingFrames_FrameId",
                        column: x => x.FrameId,
                        principalTable: "SamplingFrames",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "FrameMembers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FrameVersionId = table.Column<int>(type: "INTEGER", nullable: false),
                    Line = table.Column<int>(type: "INTEGER", nullable: false),
                    ExternalId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    GroupCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    UnitCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Cluster1 = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Cluster2 = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Cluster3 = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    SizeMeasure = table.Column<double>(type: "REAL", nullable: true),
                    StrataJson = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FrameMembers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FrameMembers_SamplingFrameVersions_FrameVersionId",
                        column: x => x.FrameVersionId,
                        principalTable: "SamplingFrameVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SampleDraws",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RoundId = table.Column<int>(type: "INTEGER", nullable: false),
                    FrameVersionId = table.Column<int>(type: "INTEGER", nullable: false),
                    DesignName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    DesignYaml = table.Column<string>(type: "TEXT", nullable: false),
                    Seed = table.Column<int>(type: "INTEGER", nullable: false),
                    Algorithm = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    FrameContentHash = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Groups = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    StrataJson = table.Column<string>(type: "TEXT", nullable: false),
                    Officials = table.Column<int>(type: "INTEGER", nullable: false),
                    Reserves = table.Column<int>(type: "INTEGER", nullable: false),
                    DrawnAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DrawnBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    SupersededAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    SupersededBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    SupersedeReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SampleDraws", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SampleDraws_Rounds_RoundId",
                        column: x => x.RoundId,
                        principalTable: "Rounds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SampleDraws_SamplingFrameVersions_FrameVersionId",
                        column: x => x.FrameVersionId,
                        principalTable: "SamplingFrameVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "FrameMemberContacts",
                columns: table => new
                {
                    FrameMemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    FullName = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Phone = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    Address = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FrameMemberContacts", x => x.FrameMemberId);
                    table.ForeignKey(
                        name: "FK_FrameMemberContacts_FrameMembers_FrameMemberId",
                        column: x => x.FrameMemberId,
                        principalTable: "FrameMembers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SampleDrawMembers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SampleDrawId = table.Column<int>(type: "INTEGER", nullable: false),
                    RespondentId = table.Column<int>(type: "INTEGER", nullable: false),
                    FrameMemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    Pool = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    IsReserve = table.Column<bool>(type: "INTEGER", nullable: false),
                    ReserveRank = table.Column<int>(type: "INTEGER", nullable: true),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SampleDrawMembers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SampleDrawMembers_FrameMembers_FrameMemberId",
                        column: x => x.FrameMemberId,
                        principalTable: "FrameMembers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SampleDrawMembers_Respondents_RespondentId",
                        column: x => x.RespondentId,
                        principalTable: "Respondents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SampleDrawMembers_SampleDraws_SampleDrawId",
                        column: x => x.SampleDrawId,
                        principalTable: "SampleDraws",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SampleReplacements",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SampleDrawId = table.Column<int>(type: "INTEGER", nullable: false),
                    ReplacedRespondentId = table.Column<int>(type: "INTEGER", nullable: false),
                    ReplacementRespondentId = table.Column<int>(type: "INTEGER", nullable: false),
                    Pool = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    ReserveRank = table.Column<int>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    By = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SampleReplacements", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SampleReplacements_Respondents_ReplacedRespondentId",
                        column: x => x.ReplacedRespondentId,
                        principalTable: "Respondents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SampleReplacements_Respondents_ReplacementRespondentId",
                        column: x => x.ReplacementRespondentId,
                        principalTable: "Respondents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SampleReplacements_SampleDraws_SampleDrawId",
                        column: x => x.SampleDrawId,
                        principalTable: "SampleDraws",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_FrameMembers_FrameVersionId_ExternalId",
                table: "FrameMembers",
                columns: new[] { "FrameVersionId", "ExternalId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SampleDrawMembers_FrameMemberId",
                table: "SampleDrawMembers",
                column: "FrameMemberId");

            migrationBuilder.CreateIndex(
                name: "IX_SampleDrawMembers_RespondentId",
                table: "SampleDrawMembers",
                column: "RespondentId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SampleDrawMembers_SampleDrawId_Pool_IsReserve_ReserveRank",
                table: "SampleDrawMembers",
                columns: new[] { "SampleDrawId", "Pool", "IsReserve", "ReserveRank" });

            migrationBuilder.CreateIndex(
                name: "IX_SampleDraws_FrameVersionId",
                table: "SampleDraws",
                column: "FrameVersionId");

            migrationBuilder.CreateIndex(
                name: "IX_SampleDraws_RoundId_Status",
                table: "SampleDraws",
                columns: new[] { "RoundId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_SampleReplacements_ReplacedRespondentId",
                table: "SampleReplacements",
                column: "ReplacedRespondentId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SampleReplacements_ReplacementRespondentId",
                table: "SampleReplacements",
                column: "ReplacementRespondentId");

            migrationBuilder.CreateIndex(
                name: "IX_SampleReplacements_SampleDrawId",
                table: "SampleReplacements",
                column: "SampleDrawId");

            migrationBuilder.CreateIndex(
                name: "IX_SamplingFrames_RoundId_Name",
                table: "SamplingFrames",
                columns: new[] { "RoundId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SamplingFrameVersions_FrameId_Number",
                table: "SamplingFrameVersions",
                columns: new[] { "FrameId", "Number" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FrameMemberContacts");

            migrationBuilder.DropTable(
                name: "SampleDrawMembers");

            migrationBuilder.DropTable(
                name: "SampleReplacements");

            migrationBuilder.DropTable(
                name: "FrameMembers");

            migrationBuilder.DropTable(
                name: "SampleDraws");

            migrationBuilder.DropTable(
                name: "SamplingFrameVersions");

            migrationBuilder.DropTable(
                name: "SamplingFrames");
        }
    }
}
