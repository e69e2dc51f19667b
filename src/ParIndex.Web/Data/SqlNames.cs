using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace ParIndex.Web.Data;

/// <summary>Table and column names for hand-written SQL, taken from the EF model and delimited as the provider spells them.</summary>
internal static class SqlNames
{
    public static string Table(this ISqlGenerationHelper sql, IEntityType entity) => sql.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema());

    public static string Column(this ISqlGenerationHelper sql, IProperty property) =>
        sql.DelimitIdentifier(property.GetColumnName(StoreObjectIdentifier.Table(property.DeclaringType.GetTableName()!, property.DeclaringType.GetSchema())) ?? property.Name);
}
