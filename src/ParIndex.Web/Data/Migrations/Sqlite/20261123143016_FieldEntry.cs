using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ParIndex.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class FieldEntry : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "FieldAssignments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RoundId = table.Column<int>(type: "INTEGER", nullable: false),
                    StaffUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    UnitId = table.Column<int>(type: "INTEGER", nullable: true),
                    RespondentGroupId = table.Column<int>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FieldAssignments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FieldAssignments_RespondentGroups_RespondentGroupId",
                        column: x => x.RespondentGroupId,
                        principalTable: "RespondentGroups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_FieldAssignments_Rounds_RoundId",
                        column: x => x.RoundId,
                        principalTable: "Rounds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_FieldAssignments_Units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "Units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "FieldEntrySettings",
                columns: table => new
                {
                    RoundId = table.Column<int>(type: "INTEGER", nullable: false),
                    VerifyAll = table.Column<bool>(type: "INTEGER", nullable: false),
                    SamplePercent = table.Column<double>(type: "REAL", nullable: false),
                    ErrorRateThreshold = table.Column<double>(type: "REAL", nullable: false),
                    MinFieldsForRate = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FieldEntrySettings", x => x.RoundId);
                    table.ForeignKey(
                        name: "FK_FieldEntrySettings_Rounds_RoundId",
                        column: x => x.RoundId,
                        principalTable: "Rounds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "FormBatches",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RoundId = table.Column<int>(type: "INTEGER", nullable: false),
                    Label = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    UnitId = table.Column<int>(type: "INTEGER", nullable: true),
                    RespondentGroupId = table.Column<int>(type: "INTEGER", nullable: true),
                    ExpectedCount = table.Column<int>(type: "INTEGER", nullable: false),
                    ReceivedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ReceivedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FormBatches", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FormBatches_RespondentGroups_RespondentGroupId",
                        column: x => x.RespondentGroupId,
                        principalTable: "RespondentGroups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_FormBatches_Rounds_RoundId",
                        column: x => x.RoundId,
                        principalTable: "Rounds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_FormBatches_Units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "Units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PaperForms",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RoundId = table.Column<int>(type: "INTEGER", nullable: false),
                    RespondentId = table.Column<int>(type: "INTEGER", nullable: false),
                    ResponseId = table.Column<long>(type: "INTEGER", nullable: false),
                    BatchId = table.Column<int>(type: "INTEGER", nullable: true),
                    QuestionnaireVersionId = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    VerificationReason = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    SampleDraw = table.Column<double>(type: "REAL", nullable: false),
                    ComparedFields = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    VerifiedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    VerifiedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PaperForms", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PaperForms_FormBatches_BatchId",
                        column: x => x.BatchId,
                        principalTable: "FormBatches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PaperForms_QuestionnaireVersions_QuestionnaireVersionId",
                        column: x => x.QuestionnaireVersionId,
                        principalTable: "QuestionnaireVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PaperForms_Respondents_RespondentId",
                        column: x => x.RespondentId,
                        principalTable: "Respondents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PaperForms_Responses_ResponseId",
                        column: x => x.ResponseId,
                        principalTable: "Responses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PaperForms_Rounds_RoundId",
                        column: x => x.RoundId,
                        principalTable: "Rounds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Discrepancies",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PaperFormId = table.Column<int>(type: "INTEGER", nullable: false),
                    ItemId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    UnitCode = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    FirstValue = table.Column<string>(type: "TEXT", nullable: false),
                    SecondValue = table.Column<string>(type: "TEXT", nullable: false),
                    ResolvedValue = table.Column<string>(type: "TEXT", nullable: true),
                    ResolvedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ResolvedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Discrepancies", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Discrepancies_PaperForms_PaperFormId",
                        column: x => x.PaperFormId,
                        principalTable: "PaperForms",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "KeyedEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PaperFormId = table.Column<int>(type: "INTEGER", nullable: false),
                    Pass = table.Column<int>(type: "INTEGER", nullable: false),
                    KeyedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    KeyedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FinishedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FieldCount = table.Column<int>(type: "INTEGER", nullable: false),
                    DataJson = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KeyedEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_KeyedEntries_PaperForms_PaperFormId",
                        column: x => x.PaperFormId,
                        principalTable: "PaperForms",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Discrepancies_PaperFormId_ItemId_UnitCode",
                table: "Discrepancies",
                columns: new[] { "PaperFormId", "ItemId", "UnitCode" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_FieldAssignments_RespondentGroupId",
                table: "FieldAssignments",
                column: "RespondentGroupId");

            migrationBuilder.CreateIndex(
                name: "IX_FieldAssignments_RoundId_StaffUserId_UnitId_RespondentGroupId",
                table: "FieldAssignments",
                columns: new[] { "RoundId", "StaffUserId", "UnitId", "RespondentGroupId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_FieldAssignments_UnitId",
                table: "FieldAssignments",
                column: "UnitId");

            migrationBuilder.CreateIndex(
                name: "IX_FormBatches_RespondentGroupId",
                table: "FormBatches",
                column: "RespondentGroupId");

            migrationBuilder.CreateIndex(
                name: "IX_FormBatches_RoundId_Label",
                table: "FormBatches",
                columns: new[] { "RoundId", "Label" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_FormBatches_UnitId",
                table: "FormBatches",
                column: "UnitId");

            migrationBuilder.CreateIndex(
                name: "IX_KeyedEntries_KeyedByUserId",
                table: "KeyedEntries",
                column: "KeyedByUserId");

            migrationBuilder.CreateIndex(
                name: "IX_KeyedEntries_PaperFormId_Pass",
                table: "KeyedEntries",
                columns: new[] { "PaperFormId", "Pass" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PaperForms_BatchId",
                table: "PaperForms",
                column: "BatchId");

            migrationBuilder.CreateIndex(
                name: "IX_PaperForms_QuestionnaireVersionId",
                table: "PaperForms",
                column: "QuestionnaireVersionId");

            migrationBuilder.CreateIndex(
                name: "IX_PaperForms_RespondentId",
                table: "PaperForms",
                column: "RespondentId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PaperForms_ResponseId",
                table: "PaperForms",
                column: "ResponseId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PaperForms_RoundId_Status",
                table: "PaperForms",
                columns: new[] { "RoundId", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Discrepancies");

            migrationBuilder.DropTable(
                name: "FieldAssignments");

            migrationBuilder.DropTable(
                name: "FieldEntrySettings");

            migrationBuilder.DropTable(
                name: "KeyedEntries");

            migrationBuilder.DropTable(
                name: "PaperForms");

            migrationBuilder.DropTable(
                name: "FormBatches");
        }
    }
}
